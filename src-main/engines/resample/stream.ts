import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { type BarBatch, concatBatches, lowerBound, sliceBatch } from '../catalog/index';
import { aggregate, type Resampled } from './aggregate';
import type { Buckets } from './buckets';
import { bucketBuilder, type ResampleOptions } from './resample';

/**
 * resampleBatch over a long series read in sorted chunks, holding only a chunk and one bucket's
 * source bars: the bars of the last bucket a chunk reaches are carried into the next chunk (a week,
 * a month or an FX session crosses any read window's edge), and the rest is resampled at once. Each
 * piece covers the buckets from where the previous one stopped, and hands over the close `fill`
 * carries forward, so the pieces joined equal resampleBatch of all the bars, counts included.
 */
export async function* resampleChunks(
  chunks: AsyncIterable<BarBatch>,
  source: Timeframe,
  target: Timeframe,
  opts: ResampleOptions,
): AsyncGenerator<Resampled> {
  const build = bucketBuilder(source, target, opts);
  let carry: BarBatch | undefined;
  let from = Number.NEGATIVE_INFINITY;
  let prevClose = Number.NaN;
  for await (const chunk of chunks) {
    const src = carry ? concatBatches([carry, chunk]) : chunk;
    if (src.length === 0) continue;
    const last = src.ts[src.length - 1]!;
    const buckets = build(src.ts[0]!, last);
    const cut = lastBucketStart(buckets, last);
    const n = lowerBound(src.ts, cut);
    carry = sliceBatch(src, n, src.length);
    if (n === 0) continue;
    const piece = aggregate(sliceBatch(src, 0, n), within(buckets, from, cut), {
      ...opts,
      prevClose,
      barsFollow: true,
    });
    prevClose = piece.lastClose;
    from = cut;
    yield piece;
  }
  if (!carry || carry.length === 0) return;
  const buckets = build(carry.ts[0]!, carry.ts[carry.length - 1]!);
  yield aggregate(carry, within(buckets, from, Number.POSITIVE_INFINITY), { ...opts, prevClose });
}

/** Start of the bar (all pieces of one key) that the last source bar may still belong to. */
function lastBucketStart(b: Buckets, last: number): number {
  let i = b.length - 1;
  while (i >= 0 && b.start[i]! > last) i--;
  if (i < 0) return Number.NEGATIVE_INFINITY;
  while (i > 0 && b.key[i - 1] === b.key[i]) i--;
  return b.start[i]!;
}

/** The pieces starting in [from, to) (sorted, so a contiguous run). */
function within(b: Buckets, from: number, to: number): Buckets {
  const lo = lowerBound(b.start.subarray(0, b.length), from);
  const hi = lowerBound(b.start.subarray(0, b.length), to);
  return {
    length: hi - lo,
    start: b.start.subarray(lo, hi),
    end: b.end.subarray(lo, hi),
    key: b.key.subarray(lo, hi),
    expected: b.expected.subarray(lo, hi),
    sessions: b.sessions,
  };
}
