import type { Interval } from '../../../src-shared/domain/range';
import { DAY, nextBarStart, type Timeframe } from '../../../src-shared/domain/timeframe';
import type { SessionCalendar } from './session-calendar';

// Sessions are fetched one window at a time, so bars far apart (a stray 1970 timestamp) stay cheap.
const WINDOW = 366 * DAY;
// A bar may reach past its window by up to its own length (a month).
const BAR_REACH = 32 * DAY;

/** Index of the first session whose end is after `t` (sessions sorted): a binary search. */
export function firstEndingAfter(sessions: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = sessions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sessions[mid]!.to > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Indices (ascending) of bars that lie wholly outside the calendar's sessions: the bar's interval
 * [ts, next bar start) overlaps no session. For bars no longer than the session grid (1m on a
 * 09:30 open) that is exactly "the open time is outside the session"; for coarser bars (an hourly bar
 * keyed 09:00 that holds 09:30-10:00) it avoids flagging a bar that does hold session trades. Daily and
 * longer bars are checked against trading days, so a daily bar dated on a holiday is flagged.
 * Non-finite timestamps are always flagged.
 */
export function outOfSession(calendar: SessionCalendar, ts: Float64Array, timeframe: Timeframe): number[] {
  const out: number[] = [];
  // Time-ordered, finite input (the usual case) is walked as is; anything else through a sorted index.
  let clean = true;
  for (let i = 0; i < ts.length && clean; i++) {
    if (!Number.isFinite(ts[i]!) || (i > 0 && ts[i]! < ts[i - 1]!)) clean = false;
  }
  let order: number[] | undefined;
  if (!clean) {
    order = [];
    for (let i = 0; i < ts.length; i++) {
      if (Number.isFinite(ts[i]!)) order.push(i);
      else out.push(i);
    }
    order.sort((a, b) => ts[a]! - ts[b]!);
  }

  let windowEnd = Number.NEGATIVE_INFINITY;
  let sessions: Interval[] = [];
  let k = 0;
  const count = order ? order.length : ts.length;
  for (let j = 0; j < count; j++) {
    const i = order ? order[j]! : j;
    const from = ts[i]!;
    if (from >= windowEnd) {
      const windowStart = Math.floor(from / WINDOW) * WINDOW;
      windowEnd = windowStart + WINDOW;
      sessions = calendar.sessions({ from: windowStart, to: windowEnd + BAR_REACH }, timeframe);
      k = firstEndingAfter(sessions, from);
    }
    // Bars come in time order, so the session to test only moves forward.
    while (k < sessions.length && sessions[k]!.to <= from) k++;
    const session = sessions[k];
    // The bar's end is only needed when it starts before the next session (a coarse bar may reach it).
    if (!session || (session.from > from && session.from >= nextBarStart(from, timeframe))) out.push(i);
  }
  return order ? out.sort((a, b) => a - b) : out;
}
