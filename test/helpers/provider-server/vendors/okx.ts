import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const BARS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1H': 3_600_000,
  '2H': 7_200_000,
  '4H': 14_400_000,
  '6Hutc': 21_600_000,
  '12Hutc': 43_200_000,
  '1Dutc': 86_400_000,
};

function okxBody(status: number, code: string, msg: string, data: unknown[]): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, msg, data }),
  };
}

/**
 * `GET /api/v5/market/history-candles?instId&bar&after&before&limit` (limit <= 100): bars with
 * before < ts < after, the newest `limit` of them, newest first; `confirm` "0" for the open bar.
 */
export function okxHistoryCandles(ctx: RouteContext): Reply {
  const q = ctx.url.searchParams;
  const instId = q.get('instId') ?? '';
  if (!instId) return okxBody(400, '50014', "Parameter instId can't be empty", []);
  const step = BARS[q.get('bar') ?? '1m'];
  if (step === undefined) return okxBody(400, '51000', 'Parameter bar error', []);
  const limit = q.has('limit') ? Number(q.get('limit')) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return okxBody(400, '51000', 'Parameter limit error', []);
  if (!ctx.spec.symbols.includes(instId)) return okxBody(200, '51001', "Instrument ID doesn't exist", []);
  const after = q.has('after') ? Number(q.get('after')) : Number.POSITIVE_INFINITY;
  const before = q.has('before') ? Number(q.get('before')) : Number.NEGATIVE_INFINITY;
  const times = openTimes(ctx.spec, instId, step, before + 1, Math.min(after - 1, ctx.now), ctx.now)
    .slice(-limit)
    .reverse();
  const data = times.map((t) => {
    const b = generateBar(ctx.spec.seed, instId, step, t);
    const quote = b.volume * b.vwap;
    const confirm = t + step <= ctx.now ? '1' : '0';
    return [t, b.open, b.high, b.low, b.close, b.volume, quote, quote].map(String).concat(confirm);
  });
  return okxBody(200, '0', '', data);
}
