import { dec8, generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const INTERVALS: Record<string, number> = {
  '1s': 1000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '1w': 604_800_000,
};

export function intervalMs(interval: string): number | undefined {
  return INTERVALS[interval];
}

function error(status: number, code: number, msg: string): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, msg }) };
}

function futuresWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

/** `/api/v3/klines` (spot, limit <= 1000) and `/fapi/v1/klines` (USD-M futures, limit <= 1500, no 1s). */
export function klines(ctx: RouteContext, futures: boolean): Reply {
  const q = ctx.url.searchParams;
  const symbol = q.get('symbol') ?? '';
  const interval = q.get('interval') ?? '';
  if (!symbol)
    return error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  if (!interval)
    return error(400, -1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
  const step = intervalMs(interval);
  if (step === undefined || (futures && interval === '1s')) return error(400, -1120, 'Invalid interval.');
  if (!ctx.spec.symbols.includes(symbol)) return error(400, -1121, 'Invalid symbol.');
  const max = futures ? 1500 : 1000;
  const limit = q.has('limit') ? Number(q.get('limit')) : 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
  ctx.weight = futures ? futuresWeight(limit) : 2;
  // µs timestamps in and out when asked for.
  const micro = String(ctx.headers['x-mbx-time-unit'] ?? '').toUpperCase() === 'MICROSECOND';
  const scale = micro ? 1000 : 1;
  const start = q.has('startTime') ? Number(q.get('startTime')) / scale : undefined;
  const end = q.has('endTime') ? Number(q.get('endTime')) / scale : undefined;
  if ((start !== undefined && !Number.isFinite(start)) || (end !== undefined && !Number.isFinite(end)))
    return error(400, -1100, 'Illegal characters found in parameter.');
  if (start !== undefined && end !== undefined && start > end)
    return error(400, -1023, 'Start time is greater than end time.');
  let times: number[];
  if (start !== undefined) {
    times = openTimes(ctx.spec, symbol, step, start, end ?? Number.MAX_SAFE_INTEGER, ctx.now).slice(0, limit);
  } else {
    // endTime alone (or nothing): the newest bars up to it.
    const to = end ?? ctx.now;
    times = openTimes(ctx.spec, symbol, step, to - step * (limit + 1000), to, ctx.now).slice(-limit);
  }
  const rows = times.map((t) => {
    const b = generateBar(ctx.spec.seed, symbol, step, t);
    return [
      t * scale,
      dec8(b.open),
      dec8(b.high),
      dec8(b.low),
      dec8(b.close),
      dec8(b.volume),
      (t + step - 1) * scale,
      dec8(b.volume * b.vwap),
      b.trades,
      dec8(b.volume / 2),
      dec8((b.volume / 2) * b.vwap),
      '0',
    ];
  });
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) };
}
