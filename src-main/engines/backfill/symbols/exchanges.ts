// The symbol lists of the keyless crypto exchanges: Coinbase /products, Kraken AssetPairs, Bybit spot
// instruments (paged by cursor), OKX spot instruments. Each row's symbol is what its bar provider takes.
import { z } from 'zod';
import { BarcatError } from '../../../plumbing/errors';
import type { GetJson } from '../one-off-call';
import type { SymbolRow } from './types';

type Exchange = 'coinbase' | 'kraken' | 'bybit' | 'okx';

export const EXCHANGE_SYMBOLS_BASE_URL: Record<Exchange, string> = {
  coinbase: 'https://api.exchange.coinbase.com',
  kraken: 'https://api.kraken.com',
  bybit: 'https://api.bybit.com',
  okx: 'https://www.okx.com',
};

const CoinbaseSchema = z.array(
  z.object({
    id: z.string(),
    base_currency: z.string(),
    quote_currency: z.string(),
    status: z.string(),
    trading_disabled: z.boolean().optional(),
  }),
);

const KrakenSchema = z.object({
  error: z.array(z.string()),
  result: z
    .record(
      z.string(),
      z.object({
        altname: z.string(),
        wsname: z.string().optional(),
        status: z.string().optional(),
      }),
    )
    .optional(),
});

const BybitSchema = z.object({
  retCode: z.number(),
  retMsg: z.string(),
  result: z
    .object({
      list: z.array(
        z.object({ symbol: z.string(), baseCoin: z.string(), quoteCoin: z.string(), status: z.string() }),
      ),
      nextPageCursor: z.string().optional(),
    })
    .optional(),
});

const OkxSchema = z.object({
  code: z.string(),
  msg: z.string(),
  data: z.array(
    z.object({ instId: z.string(), baseCcy: z.string(), quoteCcy: z.string(), state: z.string() }),
  ),
});

/** An error sent inside a 200 answer (Kraken error[], Bybit retCode, OKX code). */
function inBody(exchange: string, message: string): BarcatError {
  return new BarcatError('PROVIDER', `${exchange} refused the symbol list: ${message}`);
}

async function coinbaseList(getJson: GetJson, base: string): Promise<SymbolRow[]> {
  const url = new URL('/products', base);
  const products = await getJson(url, {}, CoinbaseSchema, '/products');
  return products.map((p) => ({
    symbol: p.id,
    name: `${p.base_currency}/${p.quote_currency}`,
    assetClass: 'crypto',
    exchange: 'COINBASE',
    status: p.status,
    // "delisted" is Coinbase's own status word; trading_disabled marks a product no longer traded.
    delisted: p.status !== 'online' || p.trading_disabled === true,
  }));
}

async function krakenList(getJson: GetJson, base: string): Promise<SymbolRow[]> {
  const url = new URL('/0/public/AssetPairs', base);
  const body = await getJson(url, {}, KrakenSchema, '/0/public/AssetPairs');
  if (body.error.length) throw inBody('Kraken', body.error.join('; '));
  return Object.values(body.result ?? {}).map((p) => ({
    // The OHLC endpoint takes the altname (XBTUSD), not the internal key (XXBTZUSD).
    symbol: p.altname,
    name: p.wsname ?? p.altname,
    assetClass: 'crypto',
    exchange: 'KRAKEN',
    status: p.status ?? 'online',
    // cancel_only, post_only, limit_only and reduce_only still trade in part; delisted does not.
    delisted: p.status === 'delisted',
  }));
}

async function bybitList(getJson: GetJson, base: string): Promise<SymbolRow[]> {
  const rows: SymbolRow[] = [];
  let cursor: string | undefined = '';
  // Spot ignores limit and cursor today; the cursor is followed anyway, as for the other categories.
  while (cursor !== undefined) {
    const url = new URL('/v5/market/instruments-info', base);
    url.searchParams.set('category', 'spot');
    url.searchParams.set('limit', '1000');
    if (cursor) url.searchParams.set('cursor', cursor);
    const body: z.output<typeof BybitSchema> = await getJson(
      url,
      {},
      BybitSchema,
      '/v5/market/instruments-info',
    );
    if (body.retCode !== 0) throw inBody('Bybit', `${body.retMsg} (retCode ${body.retCode})`);
    for (const s of body.result?.list ?? [])
      rows.push({
        symbol: s.symbol,
        name: `${s.baseCoin}/${s.quoteCoin}`,
        assetClass: 'crypto',
        exchange: 'BYBIT',
        status: s.status.toLowerCase(),
        // PreLaunch is not yet listed, Closed no longer: only Trading serves bars now.
        delisted: s.status === 'Closed',
      });
    const next: string | undefined = body.result?.nextPageCursor;
    cursor = next ? next : undefined;
  }
  return rows;
}

async function okxList(getJson: GetJson, base: string): Promise<SymbolRow[]> {
  const url = new URL('/api/v5/public/instruments', base);
  url.searchParams.set('instType', 'SPOT');
  const body = await getJson(url, {}, OkxSchema, '/api/v5/public/instruments');
  if (body.code !== '0') throw inBody('OKX', `${body.msg} (code ${body.code})`);
  return body.data.map((i) => ({
    symbol: i.instId,
    name: `${i.baseCcy}/${i.quoteCcy}`,
    assetClass: 'crypto',
    exchange: 'OKX',
    status: i.state,
    // suspend: trading halted (the pair may come back), kept listed but marked; preopen: not yet.
    delisted: i.state === 'suspend',
  }));
}

export function exchangeList(getJson: GetJson, exchange: Exchange, base: string): Promise<SymbolRow[]> {
  switch (exchange) {
    case 'coinbase':
      return coinbaseList(getJson, base);
    case 'kraken':
      return krakenList(getJson, base);
    case 'bybit':
      return bybitList(getJson, base);
    case 'okx':
      return okxList(getJson, base);
  }
}
