import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const GRANULARITIES = [60, 300, 900, 3600, 21_600, 86_400];

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * `GET /products/{id}/candles?granularity&start&end` (ISO times, both inclusive): rows
 * `[time s, low, high, open, close, volume]` newest first, at most 300 buckets, empty buckets absent,
 * and, as the real one does, the bucket just before `start` thrown in when it exists.
 */
export function coinbaseCandles(ctx: RouteContext, product: string): Reply {
  const q = ctx.url.searchParams;
  const granularity = Number(q.get('granularity') ?? 60);
  if (!GRANULARITIES.includes(granularity)) return json(400, { message: 'Unsupported granularity' });
  if (!ctx.spec.symbols.includes(product)) return json(404, { message: 'NotFound' });
  const step = granularity * 1000;
  const startS = q.get('start');
  const endS = q.get('end');
  // Only one of the two given: both ignored, the range ending now.
  const end = startS && endS ? Date.parse(endS) : ctx.now;
  const start = startS && endS ? Date.parse(startS) : end - 299 * step;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return json(400, { message: 'Invalid start/end' });
  if (Math.floor((end - start) / step) + 1 > 300)
    return json(400, {
      message:
        'granularity too small for the requested time range. Count of aggregations requested exceeds 300',
    });
  const times = openTimes(ctx.spec, product, step, start - step, end, ctx.now);
  const rows = times.reverse().map((t) => {
    const b = generateBar(ctx.spec.seed, product, step, t);
    return [t / 1000, b.low, b.high, b.open, b.close, b.volume];
  });
  return json(200, rows);
}
