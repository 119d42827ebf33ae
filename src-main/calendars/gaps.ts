import type { Interval } from '../../src-shared/domain/range';
import { nextBarStart, type Timeframe } from '../../src-shared/domain/timeframe';
import { subtractIntervals } from '../../src-shared/time/intervals';
import type { SessionCalendar } from '../catalog/types';

/**
 * The time the bars cover, as merged runs: each bar covers [ts, next bar start); adjacent bars join.
 * Ten years of 1-minute stock bars become one run per trading day, so gap math stays small.
 */
export function barCoverage(ts: Float64Array, timeframe: Timeframe): Interval[] {
  if (ts.length === 0) return [];
  // `>=` is false for NaN, so a non-finite timestamp also takes the filtering path.
  let clean = Number.isFinite(ts[0]!);
  for (let i = 1; i < ts.length && clean; i++)
    if (!(ts[i]! >= ts[i - 1]!) || !Number.isFinite(ts[i]!)) clean = false;
  const times = clean ? ts : ts.filter(Number.isFinite).sort();
  if (times.length === 0) return [];
  const out: Interval[] = [];
  let from = times[0]!;
  let to = nextBarStart(from, timeframe);
  for (let i = 1; i < times.length; i++) {
    const t = times[i]!;
    const end = nextBarStart(t, timeframe);
    if (t <= to) {
      if (end > to) to = end;
    } else {
      out.push({ from, to });
      from = t;
      to = end;
    }
  }
  out.push({ from, to });
  return out;
}

/** Session time in `range` that neither a bar nor a checked-empty range covers: the real gaps. */
export function sessionGaps(
  calendar: SessionCalendar,
  range: Interval,
  timeframe: Timeframe,
  ts: Float64Array,
  checkedEmpty: readonly Interval[] = [],
): Interval[] {
  const covered = barCoverage(ts, timeframe);
  return subtractIntervals(
    calendar.sessions(range, timeframe),
    checkedEmpty.length ? [...covered, ...checkedEmpty] : covered,
  );
}
