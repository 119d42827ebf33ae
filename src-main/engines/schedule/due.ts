// When a schedule is due. Wall-clock rules (hourly, daily in a zone) go through croner, so DST changes
// are the library's well-tested arithmetic: a daily 02:30 in New York runs at 03:30 on the spring-forward
// day (02:30 does not exist) and once, not twice, on the fall-back day.
import { Cron } from 'croner';
import {
  DEAD_AFTER_FAILURES,
  type Schedule,
  type ScheduleRule,
  type ScheduleState,
  type ScheduleView,
} from '../../../src-shared/domain/job-kinds/schedule';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import type { TradingCalendar } from '../calendars/index';

/** Looks up a calendar by name (the catalog's user calendars included); undefined when unknown. */
export type CalendarLookup = (name: string) => TradingCalendar | undefined;

/** How far ahead a session close is searched: a calendar closed longer than this has no next run. */
const SESSION_SEARCH_DAYS = 30;

function nextCron(pattern: string, timeZone: string, after: number): number | null {
  const next = new Cron(pattern, { timezone: timeZone, paused: true }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

/** The end of the first trading date's last session (plus the delay) after `after`. */
function nextSessionClose(cal: TradingCalendar, delayMs: number, after: number): number | null {
  const first = Math.floor(after / DAY) - 2; // a date's sessions may end up to ~1.5 days after its midnight
  for (let day = first; day <= first + SESSION_SEARCH_DAYS; day++) {
    const sessions = cal.sessionsOn(day);
    const close = sessions.at(-1);
    if (close && close.to + delayMs > after) return close.to + delayMs;
  }
  return null;
}

/** The first time strictly after `after` the rule fires; null when it never does (a calendar with no session). */
export function nextAfter(rule: ScheduleRule, after: number, calendars: CalendarLookup): number | null {
  switch (rule.kind) {
    case 'every':
      return after + rule.minutes * MINUTE;
    case 'hourly':
      return nextCron(`${rule.minute} * * * *`, 'UTC', after);
    case 'daily': {
      const [hh, mm] = rule.at.split(':').map(Number);
      return nextCron(`${mm} ${hh} * * *`, rule.timeZone, after);
    }
    case 'session-close': {
      const cal = calendars(rule.calendar);
      return cal ? nextSessionClose(cal, rule.delayMinutes * MINUTE, after) : null;
    }
  }
}

/**
 * The next run: the first firing after the last run (before any run: after the schedule was set; an
 * "every N minutes" schedule runs first when set). However many firings were missed while the computer
 * slept, this is one time in the past, so a late start runs once. A back-off moves it later.
 */
export function nextRunAt(s: Schedule, state: ScheduleState, calendars: CalendarLookup): number | null {
  const next =
    state.lastRunAt === null && s.rule.kind === 'every'
      ? s.createdAt
      : nextAfter(s.rule, state.lastRunAt ?? s.createdAt, calendars);
  if (next === null) return null;
  return Math.max(next, state.backoffUntil ?? next);
}

export function scheduleView(
  s: Schedule,
  state: ScheduleState,
  calendars: CalendarLookup,
  now: number,
): ScheduleView {
  return {
    schedule: s,
    state,
    nextRunAt: nextRunAt(s, state, calendars),
    backingOff: state.backoffUntil !== null && state.backoffUntil > now,
    dead: state.failures >= DEAD_AFTER_FAILURES,
  };
}

export function isDue(v: ScheduleView, now: number): boolean {
  return v.nextRunAt !== null && v.nextRunAt <= now;
}
