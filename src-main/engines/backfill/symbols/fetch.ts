// The symbol lists of each provider: Binance exchangeInfo (spot, USD-M futures), Alpaca assets,
// Polygon reference tickers (paged by next_url, which stays on the configured host).
import { z } from 'zod';
import { BarcatError } from '../../../plumbing/errors';
import type { GetKey } from '../../providers/types';
import type { GetJson } from '../one-off-call';
import { EXCHANGE_SYMBOLS_BASE_URL, exchangeList } from './exchanges';
import type { SymbolProvider, SymbolRow } from './types';

/** Where each list lives; Alpaca's assets are on its trading API, not the data API. */
export const SYMBOLS_BASE_URL: Record<SymbolProvider, string> = {
  'binance-spot': 'https://api.binance.com',
  'binance-futures': 'https://fapi.binance.com',
  alpaca: 'https://api.alpaca.markets',
  polygon: 'https://api.massive.com',
  ...EXCHANGE_SYMBOLS_BASE_URL,
};

const ExchangeInfoSchema = z.object({
  symbols: z.array(
    z.object({
      symbol: z.string(),
      status: z.string(),
      baseAsset: z.string(),
      quoteAsset: z.string(),
      contractType: z.string().optional(),
    }),
  ),
});

const AssetsSchema = z.array(
  z.object({
    symbol: z.string(),
    name: z.string().nullable().optional(),
    class: z.string(),
    exchange: z.string(),
    status: z.string(),
    tradable: z.boolean().optional(),
  }),
);

const TickersSchema = z.object({
  results: z
    .array(
      z.object({
        ticker: z.string(),
        name: z.string().optional(),
        market: z.string(),
        primary_exchange: z.string().optional(),
        active: z.boolean(),
        delisted_utc: z.string().optional(),
      }),
    )
    .optional(),
  next_url: z.string().optional(),
});

async function binanceList(
  getJson: GetJson,
  provider: 'binance-spot' | 'binance-futures',
  base: string,
): Promise<SymbolRow[]> {
  const futures = provider === 'binance-futures';
  const url = new URL(futures ? '/fapi/v1/exchangeInfo' : '/api/v3/exchangeInfo', base);
  const info = await getJson(url, {}, ExchangeInfoSchema, url.pathname);
  return info.symbols.map((s) => ({
    symbol: s.symbol,
    name: `${s.baseAsset}/${s.quoteAsset}${s.contractType ? ` ${s.contractType.toLowerCase()}` : ''}`,
    assetClass: futures ? 'crypto_futures' : 'crypto',
    exchange: futures ? 'BINANCE-FUTURES' : 'BINANCE',
    status: s.status.toLowerCase(),
    // BREAK is a pause (kept listed); a delisted pair stays in exchangeInfo with another status.
    delisted: s.status !== 'TRADING' && s.status !== 'BREAK' && s.status !== 'PENDING_TRADING',
  }));
}

async function alpacaList(getJson: GetJson, base: string, getKey: GetKey): Promise<SymbolRow[]> {
  const key = await getKey('alpaca');
  if (!key?.id)
    throw new BarcatError('USAGE', 'Alpaca needs a key: set BARCAT_ALPACA_KEY_ID and BARCAT_ALPACA_SECRET');
  const url = new URL('/v2/assets', base);
  const headers = { 'APCA-API-KEY-ID': key.id, 'APCA-API-SECRET-KEY': key.secret };
  const assets = await getJson(url, headers, AssetsSchema, '/v2/assets');
  return assets.map((a) => ({
    symbol: a.symbol,
    name: a.name ?? '',
    assetClass: a.class,
    exchange: a.exchange,
    status: a.status,
    delisted: a.status !== 'active',
  }));
}

async function polygonList(getJson: GetJson, base: string, getKey: GetKey): Promise<SymbolRow[]> {
  const key = await getKey('polygon');
  if (!key?.secret) throw new BarcatError('USAGE', 'Polygon needs a key: set BARCAT_POLYGON_KEY');
  const headers = { Authorization: `Bearer ${key.secret}` };
  const origin = new URL(base).origin;
  const rows: SymbolRow[] = [];
  // Active and delisted tickers are two listings (active=true / active=false).
  for (const active of [true, false]) {
    let url: URL | undefined = new URL('/v3/reference/tickers', base);
    url.searchParams.set('active', String(active));
    url.searchParams.set('limit', '1000');
    while (url) {
      const page: z.output<typeof TickersSchema> = await getJson(
        url,
        headers,
        TickersSchema,
        '/v3/reference/tickers',
      );
      for (const t of page.results ?? [])
        rows.push({
          symbol: t.ticker,
          name: t.name ?? '',
          assetClass: t.market,
          exchange: t.primary_exchange ?? '',
          status: t.active ? 'active' : 'delisted',
          delisted: !t.active,
        });
      url = undefined;
      if (page.next_url) {
        const next: URL = new URL(page.next_url, base);
        if (next.origin !== origin)
          throw new BarcatError(
            'PROVIDER',
            `Polygon's next_url points to ${next.origin}, not ${origin}; the key is not sent there`,
          );
        url = next;
      }
    }
  }
  return rows;
}

/** Downloads the whole symbol list of a provider. */
export function fetchSymbols(
  getJson: GetJson,
  provider: SymbolProvider,
  baseUrl: string,
  getKey: GetKey,
): Promise<SymbolRow[]> {
  switch (provider) {
    case 'binance-spot':
    case 'binance-futures':
      return binanceList(getJson, provider, baseUrl);
    case 'alpaca':
      return alpacaList(getJson, baseUrl, getKey);
    case 'polygon':
      return polygonList(getJson, baseUrl, getKey);
    case 'coinbase':
    case 'kraken':
    case 'bybit':
    case 'okx':
      return exchangeList(getJson, provider, baseUrl);
  }
}
