import {
  ceilToTimeframe,
  DAY,
  floorToTimeframe,
  nextBarStart,
  nominalMs,
  type Timeframe,
} from '../../../../src-shared/domain/timeframe';
import { mergeIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import type { SessionCalendar } from '../../catalog/index';

/** The bar slots the calendar has room for, in order: what a window counts its bars in. */
export interface Slots {
  starts: Float64Array;
  length: number;
}

// Past this a calendar has (almost) no sessions: a window could never fill, so say so instead of looping.
const MAX_MARGIN = 50 * 366 * DAY;

/**
 * Slots of `tf` in the sessions. With `source` (windows resampled from finer bars) a slot is a UTC
 * bucket of `tf` holding any session time of `source`, as the resampler's buckets are.
 */
function slotsIn(
  calendar: SessionCalendar,
  tf: Timeframe,
  from: number,
  to: number,
  source: Timeframe | undefined,
): number[] {
  const out: number[] = [];
  for (const s of mergeIntervals(calendar.sessions({ from, to }, source ?? tf))) {
    const first = source ? floorToTimeframe(s.from, tf) : ceilToTimeframe(s.from, tf);
    for (let t = first; t < s.to; t = nextBarStart(t, tf)) if (t !== out[out.length - 1]) out.push(t);
  }
  return out;
}

/** Index of the slot holding `t`, or of the first slot after it when `t` is in no slot. */
export function anchorIndex(slots: Slots, t: number, tf: Timeframe): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nextBarStart(slots.starts[mid]!, tf) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index whose slot starts at or after `t`. */
export function lowerBound(values: Float64Array, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Slots around events at [first, last]: at least `pre` before the first event's bar and `post` from
 * the last event's bar on. Margins double until they hold (nights, weekends and holidays have none).
 */
export function slotsAround(
  calendar: SessionCalendar,
  tf: Timeframe,
  first: number,
  last: number,
  pre: number,
  post: number,
  source?: Timeframe,
): Slots {
  let before = (pre + 1) * nominalMs(tf) * 2 + 4 * DAY;
  let after = (post + 1) * nominalMs(tf) * 2 + 4 * DAY;
  for (;;) {
    const list = slotsIn(
      calendar,
      tf,
      ceilToTimeframe(first - before, tf),
      ceilToTimeframe(last + after, tf),
      source,
    );
    const slots = { starts: Float64Array.from(list), length: list.length };
    const lackBefore = anchorIndex(slots, first, tf) < pre;
    const lackAfter = slots.length - anchorIndex(slots, last, tf) < post;
    if (!lackBefore && !lackAfter) return slots;
    if (before > MAX_MARGIN || after > MAX_MARGIN)
      throw new BarcatError(
        'BAD_INPUT',
        `calendar ${calendar.name} has too few sessions around ${new Date(first).toISOString()} to ${new Date(last).toISOString()} for a window of ${pre}+${post} ${tf} bars`,
      );
    if (lackBefore) before *= 2;
    if (lackAfter) after *= 2;
  }
}
