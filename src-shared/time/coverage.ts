import type { Interval } from '../domain/range';
import { countBarSlots, nominalMs, type Timeframe } from '../domain/timeframe';
import { intersectIntervals, mergeIntervals, subtractIntervals } from './intervals';

export interface CoverageInput {
  range: Interval;
  pixels: number;
  timeframe: Timeframe;
  /** The series' extent [first, next bar after last); time outside it is neither covered nor missing. */
  extent: Interval | null;
  covered: readonly Interval[];
  gaps: readonly Interval[];
  checkedEmpty: readonly Interval[];
}

export interface Bucket {
  from: number;
  to: number;
  coveredMs: number;
  gapMs: number;
  emptyMs: number;
  closedMs: number;
  missingBars: number;
}

/** Bucket width: the range split into at most `pixels` slices of whole bars (never finer than one bar). */
export function bucketWidth(range: Interval, pixels: number, timeframe: Timeframe): number {
  const span = Math.max(1, range.to - range.from);
  // Whole bars per bucket, so bucket edges fall on bar boundaries (00:00, not 19:35:56).
  const bar = nominalMs(timeframe);
  return Math.max(1, Math.ceil(span / Math.max(1, pixels) / bar)) * bar;
}

/**
 * Aggregates a series' availability into equal time buckets for the coverage timeline. Time in the
 * extent that is neither covered, a gap, nor checked-empty is calendar-closed time. O(intervals + buckets).
 */
export function coverageBuckets(input: CoverageInput): Bucket[] {
  const { range, timeframe } = input;
  const width = bucketWidth(range, input.pixels, timeframe);
  const count = Math.max(1, Math.ceil((range.to - range.from) / width));
  const buckets: Bucket[] = [];
  for (let i = 0; i < count; i++) {
    const from = range.from + i * width;
    buckets.push({
      from,
      to: Math.min(range.to, from + width),
      coveredMs: 0,
      gapMs: 0,
      emptyMs: 0,
      closedMs: 0,
      missingBars: 0,
    });
  }
  if (!input.extent) return buckets;
  const view = intersectIntervals([range], [input.extent]);
  const covered = intersectIntervals(mergeIntervals(input.covered), view);
  const empty = subtractIntervals(intersectIntervals(mergeIntervals(input.checkedEmpty), view), covered);
  const gaps = subtractIntervals(intersectIntervals(mergeIntervals(input.gaps), view), [
    ...covered,
    ...empty,
  ]);
  const closed = subtractIntervals(view, mergeIntervals([...covered, ...empty, ...gaps]));

  const spread = (list: Interval[], add: (b: Bucket, a: number, z: number) => void): void => {
    for (const r of list) {
      let i = Math.max(0, Math.floor((r.from - range.from) / width));
      for (; i < count; i++) {
        const b = buckets[i]!;
        if (b.from >= r.to) break;
        const a = Math.max(b.from, r.from);
        const z = Math.min(b.to, r.to);
        if (z > a) add(b, a, z);
      }
    }
  };
  spread(covered, (b, a, z) => {
    b.coveredMs += z - a;
  });
  spread(empty, (b, a, z) => {
    b.emptyMs += z - a;
  });
  spread(closed, (b, a, z) => {
    b.closedMs += z - a;
  });
  spread(gaps, (b, a, z) => {
    b.gapMs += z - a;
    b.missingBars += countBarSlots(a, z, timeframe);
  });
  return buckets;
}

export type BucketState = 'covered' | 'gap' | 'empty' | 'closed' | 'outside';

/** The state a bucket is drawn as: any gap wins (so a one-bar gap stays visible), then the largest part. */
export function bucketState(b: Bucket): BucketState {
  if (b.gapMs > 0) return 'gap';
  const parts: [BucketState, number][] = [
    ['covered', b.coveredMs],
    ['empty', b.emptyMs],
    ['closed', b.closedMs],
  ];
  let best: [BucketState, number] = ['outside', 0];
  for (const p of parts) if (p[1] > best[1]) best = p;
  return best[0];
}
