// Symbol lists of the crypto exchanges as they publish them: Coinbase /products, Kraken AssetPairs,
// Bybit instruments-info (cursor pages), OKX public instruments. Every known symbol is listed; the
// delisted ones carry each exchange's own word for it.
import type { Reply, RouteContext } from '../types';

const json = (body: unknown): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Base and quote of BTC-USD, BTCUSDT or XBTUSD. */
function pair(symbol: string): [string, string] {
  const dash = symbol.indexOf('-');
  if (dash > 0) return [symbol.slice(0, dash), symbol.slice(dash + 1)];
  const quote = symbol.endsWith('USDT') ? 4 : 3;
  return [symbol.slice(0, -quote), symbol.slice(-quote)];
}

function listed(ctx: RouteContext): { symbol: string; delisted: boolean; base: string; quote: string }[] {
  const delisted = ctx.spec.delisted ?? [];
  return [...ctx.spec.symbols, ...delisted].map((symbol) => {
    const [base, quote] = pair(symbol);
    return { symbol, delisted: delisted.includes(symbol), base, quote };
  });
}

/** `GET /products`: an array; a delisted product is `status: "delisted"`, trading disabled. */
export function coinbaseProducts(ctx: RouteContext): Reply {
  return json(
    listed(ctx).map((p) => ({
      id: p.symbol,
      base_currency: p.base,
      quote_currency: p.quote,
      base_increment: '0.00000001',
      quote_increment: '0.01',
      display_name: `${p.base}/${p.quote}`,
      status: p.delisted ? 'delisted' : 'online',
      status_message: '',
      trading_disabled: p.delisted,
      cancel_only: false,
      post_only: false,
      limit_only: false,
      auction_mode: false,
    })),
  );
}

/** `GET /0/public/AssetPairs`: keyed by Kraken's internal name (XBTUSD -> XXBTZUSD). */
export function krakenAssetPairs(ctx: RouteContext): Reply {
  const internal = (a: string) => (a === 'XBT' || a === 'ETH' ? `X${a}` : a === 'USD' ? 'ZUSD' : a);
  return json({
    error: [],
    result: Object.fromEntries(
      listed(ctx).map((p) => [
        `${internal(p.base)}${internal(p.quote)}`,
        {
          altname: p.symbol,
          wsname: `${p.base}/${p.quote}`,
          aclass_base: 'currency',
          base: internal(p.base),
          aclass_quote: 'currency',
          quote: internal(p.quote),
          pair_decimals: 1,
          lot_decimals: 8,
          status: p.delisted ? 'delisted' : 'online',
        },
      ]),
    ),
  });
}

/** `GET /v5/market/instruments-info?category=spot[&cursor=]`: `symbolPageSize` per page. */
export function bybitInstruments(ctx: RouteContext): Reply {
  const q = ctx.url.searchParams;
  if (q.get('category') !== 'spot')
    return json({ retCode: 10001, retMsg: 'params error: category', result: {}, time: ctx.now });
  const all = listed(ctx);
  const at = Number(q.get('cursor') || 0);
  const size = ctx.symbolPageSize;
  return json({
    retCode: 0,
    retMsg: 'OK',
    result: {
      category: 'spot',
      list: all.slice(at, at + size).map((p) => ({
        symbol: p.symbol,
        baseCoin: p.base,
        quoteCoin: p.quote,
        status: p.delisted ? 'Closed' : 'Trading',
        launchTime: '1600000000000',
      })),
      nextPageCursor: at + size < all.length ? String(at + size) : '',
    },
    retExtInfo: {},
    time: ctx.now,
  });
}

/** `GET /api/v5/public/instruments?instType=SPOT`: a suspended pair is `state: "suspend"`. */
export function okxInstruments(ctx: RouteContext): Reply {
  if (ctx.url.searchParams.get('instType') !== 'SPOT')
    return json({ code: '51000', msg: 'Parameter instType error', data: [] });
  return json({
    code: '0',
    msg: '',
    data: listed(ctx).map((p) => ({
      instType: 'SPOT',
      instId: p.symbol,
      baseCcy: p.base,
      quoteCcy: p.quote,
      tickSz: '0.1',
      lotSz: '0.00000001',
      minSz: '0.00001',
      state: p.delisted ? 'suspend' : 'live',
      listTime: '1600000000000',
    })),
  });
}
