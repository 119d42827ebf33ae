import type { Interval } from '../../../../src-shared/domain/range';
import { nextBarStart, nominalMs, type Timeframe } from '../../../../src-shared/domain/timeframe';

/**
 * Runs of consecutive bars as [from, to) pairs: a bar at ts covers [ts, next bar start); a run
 * continues while the next bar starts where the previous one ends.
 */
export function coveredRuns(ts: Float64Array, tf: Timeframe): [number, number][] {
  const runs: [number, number][] = [];
  let from = Number.NaN;
  let to = Number.NaN;
  // A bar starting exactly where the run ends is on the grid: its end is one fixed step further
  // (months vary in length).
  const step = tf.endsWith('M') ? 0 : nominalMs(tf);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t === to && step > 0) {
      to += step;
      continue;
    }
    const end = nextBarStart(t, tf);
    if (t <= to) {
      if (end > to) to = end;
      continue;
    }
    if (!Number.isNaN(from)) runs.push([from, to]);
    from = t;
    to = end;
  }
  if (!Number.isNaN(from)) runs.push([from, to]);
  return runs;
}

export function pairsToIntervals(pairs: readonly (readonly [number, number])[]): Interval[] {
  return pairs.map(([from, to]) => ({ from, to }));
}
