import type { Interval } from '../../../src-shared/domain/range';
import { DAY, isDailyOrLonger, type Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import type { DayNumber } from './civil-date';
import type { SessionCalendar } from './session-calendar';
import { zonedToUtc } from './zoned-time';

/**
 * One session of a trading date, in minutes after local midnight of that date. `open` may be negative:
 * the FX trading date Monday opens Sunday 17:00 New York time, i.e. open = -420.
 */
export interface DaySession {
  readonly open: number;
  readonly close: number;
}

/** What a calendar is made of: a time zone and the sessions of each trading date (none = closed). */
export interface DayRules {
  readonly name: string;
  readonly description: string;
  readonly timeZone: string;
  sessionsOf(day: DayNumber): readonly DaySession[];
}

/** A SessionCalendar that also answers per trading date; every built-in and user calendar is one. */
export interface TradingCalendar extends SessionCalendar {
  readonly description: string;
  readonly timeZone: string;
  /** True when the date (days since 1970-01-01) has at least one session. */
  isTradingDay(day: DayNumber): boolean;
  /** The date's sessions as UTC intervals, in order; empty when the market is closed that date. */
  sessionsOn(day: DayNumber): Interval[];
}

// Longer ranges are a caller bug (an unbounded query), not a real request: refuse instead of looping.
const MAX_SPAN_DAYS = 400 * 366;

function checkRange(name: string, range: Interval): void {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) {
    throw new BarcatError('BAD_INPUT', `calendar ${name}: range ${range.from}..${range.to} is not finite.`);
  }
  if ((range.to - range.from) / DAY > MAX_SPAN_DAYS) {
    throw new BarcatError(
      'BAD_INPUT',
      `calendar ${name}: range ${new Date(range.from).toISOString()} to ${new Date(range.to).toISOString()} is longer than 400 years; ask for a shorter range.`,
    );
  }
}

/** Appends [from, to) to sorted `out`, merging with the last interval when they touch or overlap. */
function pushMerged(out: Interval[], from: number, to: number): void {
  const last = out[out.length - 1];
  if (last && from <= last.to) {
    if (to > last.to) last.to = to;
  } else {
    out.push({ from, to });
  }
}

export function createTradingCalendar(rules: DayRules): TradingCalendar {
  const { name, timeZone } = rules;

  const sessionsOn = (day: DayNumber): Interval[] =>
    rules.sessionsOf(day).map((s) => ({
      from: zonedToUtc(timeZone, day, s.open),
      to: zonedToUtc(timeZone, day, s.close),
    }));

  function tradingDays(range: Interval): Interval[] {
    const out: Interval[] = [];
    const last = Math.ceil(range.to / DAY) - 1;
    for (let day = Math.floor(range.from / DAY); day <= last; day++) {
      if (rules.sessionsOf(day).length > 0)
        out.push({ from: Math.max(day * DAY, range.from), to: Math.min((day + 1) * DAY, range.to) });
    }
    return out;
  }

  function intradaySessions(range: Interval): Interval[] {
    const clipped: Interval[] = [];
    let sorted = true;
    // A trading date's sessions lie within a day and a half of its UTC midnight (opens the evening
    // before, offsets up to 14 h), so two dates of margin on each side find every overlapping one.
    const last = Math.floor(range.to / DAY) + 2;
    for (let day = Math.floor(range.from / DAY) - 2; day <= last; day++) {
      for (const s of rules.sessionsOf(day)) {
        const from = Math.max(zonedToUtc(timeZone, day, s.open), range.from);
        const to = Math.min(zonedToUtc(timeZone, day, s.close), range.to);
        if (from >= to) continue;
        if (clipped.length > 0 && from < clipped[clipped.length - 1]!.from) sorted = false;
        clipped.push({ from, to });
      }
    }
    // Only odd user templates come out of order (a date's session opening before the previous date's).
    if (!sorted) clipped.sort((a, b) => a.from - b.from);
    const out: Interval[] = [];
    for (const r of clipped) pushMerged(out, r.from, r.to);
    return out;
  }

  return {
    name,
    description: rules.description,
    timeZone,
    isTradingDay: (day) => rules.sessionsOf(day).length > 0,
    sessionsOn,
    sessions(range: Interval, timeframe: Timeframe): Interval[] {
      if (!(range.to > range.from)) return [];
      checkRange(name, range);
      return isDailyOrLonger(timeframe) ? tradingDays(range) : intradaySessions(range);
    },
  };
}
