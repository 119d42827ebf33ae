// Symbol lists as the providers publish them: Binance exchangeInfo (spot, futures), Alpaca assets,
// Polygon reference tickers (paged by next_url, active and delisted listed apart).
import type { Reply, RouteContext } from '../types';

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Crypto pairs are the symbols ending in USDT; the others are stocks. Delisted ones are listed too. */
function split(ctx: RouteContext, crypto: boolean): { symbol: string; delisted: boolean }[] {
  const all = [...ctx.spec.symbols, ...(ctx.spec.delisted ?? [])];
  return all
    .filter((s) => s.endsWith('USDT') === crypto)
    .map((symbol) => ({ symbol, delisted: (ctx.spec.delisted ?? []).includes(symbol) }));
}

const STOCK_NAMES: Record<string, [string, string]> = {
  AAPL: ['Apple Inc. Common Stock', 'NASDAQ'],
  MSFT: ['Microsoft Corporation Common Stock', 'NASDAQ'],
  TWTR: ['Twitter, Inc. Common Stock', 'NYSE'],
};
const POLYGON_EXCHANGE: Record<string, string> = { NASDAQ: 'XNAS', NYSE: 'XNYS' };

/** `/api/v3/exchangeInfo` and `/fapi/v1/exchangeInfo` (weight 20 and 1). */
export function exchangeInfo(ctx: RouteContext, futures: boolean): Reply {
  ctx.weight = futures ? 1 : 20;
  return json(200, {
    timezone: 'UTC',
    serverTime: ctx.now,
    symbols: split(ctx, true).map(({ symbol, delisted }) => ({
      symbol,
      status: delisted ? (futures ? 'SETTLING' : 'HALT') : 'TRADING',
      baseAsset: symbol.slice(0, -4),
      quoteAsset: 'USDT',
      ...(futures ? { contractType: 'PERPETUAL' } : {}),
    })),
  });
}

/** `/v2/assets` (trading API; keys in headers). */
export function alpacaAssets(ctx: RouteContext): Reply {
  if (
    ctx.headers['apca-api-key-id'] !== ctx.keys.alpacaKeyId ||
    ctx.headers['apca-api-secret-key'] !== ctx.keys.alpacaSecret
  )
    return json(401, { message: 'unauthorized.' });
  return json(
    200,
    split(ctx, false).map(({ symbol, delisted }) => ({
      id: `id-${symbol}`,
      class: 'us_equity',
      exchange: STOCK_NAMES[symbol]?.[1] ?? 'NYSE',
      symbol,
      name: STOCK_NAMES[symbol]?.[0] ?? symbol,
      status: delisted ? 'inactive' : 'active',
      tradable: !delisted,
    })),
  );
}

/** `/v3/reference/tickers?active=&limit=&cursor=`: pages of `symbolPageSize`, next_url carrying the cursor. */
export function polygonTickers(ctx: RouteContext, base: string, pageSize: number): Reply {
  const auth = String(ctx.headers.authorization ?? '');
  if (auth !== `Bearer ${ctx.keys.polygonKey}`)
    return json(401, { status: 'ERROR', error: 'Unknown API Key' });
  const q = ctx.url.searchParams;
  const active = q.get('active') !== 'false';
  const rows = split(ctx, false).filter((r) => r.delisted !== active);
  const at = Number(q.get('cursor') ?? 0);
  const page = rows.slice(at, at + pageSize);
  const next =
    at + pageSize < rows.length
      ? `${base}/v3/reference/tickers?cursor=${at + pageSize}&active=${active}`
      : undefined;
  return json(200, {
    status: 'OK',
    count: page.length,
    results: page.map(({ symbol, delisted }) => ({
      ticker: symbol,
      name: STOCK_NAMES[symbol]?.[0] ?? symbol,
      market: 'stocks',
      primary_exchange: POLYGON_EXCHANGE[STOCK_NAMES[symbol]?.[1] ?? 'NYSE'],
      active: !delisted,
      ...(delisted ? { delisted_utc: '2022-11-08T00:00:00Z' } : {}),
    })),
    ...(next ? { next_url: next } : {}),
  });
}
