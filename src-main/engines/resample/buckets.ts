import type { Interval } from '../../../src-shared/domain/range';
import {
  countBarSlots,
  DAY,
  floorToTimeframe,
  isDailyOrLonger,
  isOnGrid,
  nextBarStart,
  nominalMs,
  type Timeframe,
} from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import type { TradingCalendar } from '../calendars/index';

/**
 * The pieces a resample fills, sorted and disjoint: piece i takes the source bars with
 * start[i] <= ts < end[i]; consecutive pieces with one key make one bar stamped key (a trading
 * date's sessions), complete when it gets the sum of their `expected` source bars in session time
 * (`sessions`; every bar counts without them).
 */
export interface Buckets {
  length: number;
  start: Float64Array;
  end: Float64Array;
  key: Float64Array;
  expected: Float64Array;
  sessions?: readonly Interval[];
}

export type Align = 'utc' | 'session';

function grow(b: Buckets, need: number): void {
  if (need <= b.start.length) return;
  const size = Math.max(need, b.start.length * 2, 64);
  for (const c of ['start', 'end', 'key', 'expected'] as const) {
    const next = new Float64Array(size);
    next.set(b[c].subarray(0, b.length));
    b[c] = next;
  }
}

function push(b: Buckets, start: number, end: number, key: number, expected: number): void {
  grow(b, b.length + 1);
  b.start[b.length] = start;
  b.end[b.length] = end;
  b.key[b.length] = key;
  b.expected[b.length] = expected;
  b.length++;
}

const empty = (): Buckets => ({
  length: 0,
  start: new Float64Array(0),
  end: new Float64Array(0),
  key: new Float64Array(0),
  expected: new Float64Array(0),
});

/** Source bar slots in [from, to) that fall in session time (sorted, disjoint `sessions`, pointer kept in `at`). */
function sessionSlots(
  sessions: readonly Interval[],
  at: { i: number },
  from: number,
  to: number,
  source: Timeframe,
): number {
  while (at.i < sessions.length && sessions[at.i]!.to <= from) at.i++;
  let n = 0;
  for (let j = at.i; j < sessions.length && sessions[j]!.from < to; j++) {
    const s = sessions[j]!;
    n += countBarSlots(Math.max(s.from, from), Math.min(s.to, to), source);
  }
  return n;
}

/**
 * UTC-aligned buckets from the one holding `first` to the one holding `last` (epoch grid; weeks
 * from Monday, months from the 1st). A bucket expects the source slots that lie in session time.
 */
export function utcBuckets(
  first: number,
  last: number,
  source: Timeframe,
  target: Timeframe,
  calendar: TradingCalendar,
): Buckets {
  const out = empty();
  const from = floorToTimeframe(first, target);
  const to = nextBarStart(last, target);
  const sessions = calendar.sessions({ from, to }, source);
  const at = { i: 0 };
  for (let t = from; t < to; ) {
    const next = nextBarStart(t, target);
    push(out, t, next, t, sessionSlots(sessions, at, t, next, source));
    t = next;
  }
  // An out-of-session bar (pre-market in a regular-hours series) must not stand in for a missing one.
  out.sessions = sessions;
  return out;
}

/**
 * Session-aligned buckets over the trading dates around [first, last]. Intraday targets step from
 * each session's open (09:30, 10:30, ...) and the last one ends at the close. Daily and longer
 * targets are one piece per session, keyed by the trading date's 00:00 UTC (1d) or its week or
 * month: the aggregator joins pieces with one key, so bars between sessions belong to none.
 * Only for intraday sources: daily bars are already stamped with their session date.
 */
export function sessionBuckets(
  first: number,
  last: number,
  source: Timeframe,
  target: Timeframe,
  calendar: TradingCalendar,
): Buckets {
  const out = empty();
  const daily = isDailyOrLonger(target);
  const step = daily ? Number.POSITIVE_INFINITY : nominalMs(target);
  // A trading date's session can start the evening before (FX Sunday 17:00 New York), so look a day either side.
  const lastDay = Math.floor(last / DAY) + 1;
  let prevEnd = Number.NEGATIVE_INFINITY;
  for (let day = Math.floor(first / DAY) - 1; day <= lastDay; day++) {
    const key = daily ? floorToTimeframe(day * DAY, target) : 0;
    for (const s of calendar.sessionsOn(day)) {
      if (!daily && s.to > first && s.from <= last && !isOnGrid(s.from, source))
        throw new BarcatError(
          'USAGE',
          `the session opening at ${new Date(s.from).toISOString()} is not on the ${source} grid of the bars, so ${target} bars cannot start there; use --align utc or a finer series`,
        );
      // A daily bar takes the source bar that straddles the open (an hourly 09:00 bar of a 09:30 market).
      const open = daily ? Math.max(prevEnd, floorToTimeframe(s.from, source)) : s.from;
      for (let t = open; t < s.to; ) {
        const end = Math.min(s.to, t + step);
        push(out, t, end, daily ? key : t, countBarSlots(t, end, source));
        t = end;
      }
      prevEnd = s.to;
    }
  }
  return out;
}
