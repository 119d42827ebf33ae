import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
const KEPT = 720;

function krakenBody(error: string[], result?: unknown): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(result === undefined ? { error } : { error, result }),
  };
}

/** Kraken's own pair names: XBTUSD -> XXBTZUSD, ETHUSD -> XETHZUSD. */
function internalName(pair: string): string {
  return /^[A-Z]{6}$/.test(pair) ? `X${pair.slice(0, 3)}Z${pair.slice(3)}` : pair;
}

/**
 * `GET /0/public/OHLC?pair&interval&since` (s, exclusive): only the latest 720 bars exist, an older
 * `since` is silently ignored; rows oldest first, the still-open bar last; errors inside a 200.
 */
export function krakenOhlc(ctx: RouteContext): Reply {
  const q = ctx.url.searchParams;
  const pair = q.get('pair') ?? '';
  const interval = Number(q.get('interval') ?? 1);
  if (!INTERVALS.includes(interval)) return krakenBody(['EGeneral:Invalid arguments']);
  if (!ctx.spec.symbols.includes(pair)) return krakenBody(['EQuery:Unknown asset pair']);
  const step = interval * 60_000;
  const current = Math.floor(ctx.now / step) * step;
  const kept = current - (KEPT - 1) * step;
  const since = q.has('since') ? Number(q.get('since')) * 1000 + 1 : kept;
  const times = openTimes(ctx.spec, pair, step, Math.max(since, kept), ctx.now, ctx.now);
  const rows = times.map((t) => {
    const b = generateBar(ctx.spec.seed, pair, step, t);
    return [
      t / 1000,
      ...[b.open, b.high, b.low, b.close, b.vwap, b.volume].map((v) => v.toFixed(5)),
      b.trades,
    ];
  });
  return krakenBody([], { [internalName(pair)]: rows, last: (rows.at(-2)?.[0] as number | undefined) ?? 0 });
}
