import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const INTERVALS: Record<string, number> = {
  '1': 60_000,
  '3': 180_000,
  '5': 300_000,
  '15': 900_000,
  '30': 1_800_000,
  '60': 3_600_000,
  '120': 7_200_000,
  '240': 14_400_000,
  '360': 21_600_000,
  '720': 43_200_000,
  D: 86_400_000,
  W: 604_800_000,
};

/** Bybit answers errors with HTTP 200 and a retCode. */
export function bybitBody(retCode: number, retMsg: string, result: unknown, now: number): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: now }),
  };
}

/**
 * `GET /v5/market/kline?category&symbol&interval&start&end&limit` (ms, both inclusive; a start inside
 * a bar returns that bar): the newest `limit` bars of the window, newest first, all fields strings.
 */
export function bybitKline(ctx: RouteContext): Reply {
  const q = ctx.url.searchParams;
  const category = q.get('category') ?? 'linear';
  if (!['spot', 'linear', 'inverse'].includes(category))
    return bybitBody(10001, 'Invalid category', {}, ctx.now);
  const symbol = q.get('symbol') ?? '';
  const step = INTERVALS[q.get('interval') ?? ''];
  if (step === undefined) return bybitBody(10001, 'Invalid period!', {}, ctx.now);
  if (!ctx.spec.symbols.includes(symbol)) return bybitBody(10001, 'Not supported symbols', {}, ctx.now);
  const limit = q.has('limit') ? Number(q.get('limit')) : 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    return bybitBody(10001, 'Invalid limit', {}, ctx.now);
  const end = q.has('end') ? Number(q.get('end')) : ctx.now;
  const start = q.has('start') ? Math.floor(Number(q.get('start')) / step) * step : 0;
  const times = openTimes(ctx.spec, symbol, step, start, end, ctx.now).slice(-limit).reverse();
  const list = times.map((t) => {
    const b = generateBar(ctx.spec.seed, symbol, step, t);
    return [t, b.open, b.high, b.low, b.close, b.volume, b.volume * b.vwap].map(String);
  });
  return bybitBody(0, 'OK', { category, symbol, list }, ctx.now);
}
