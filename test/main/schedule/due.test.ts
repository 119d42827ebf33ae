import { describe, expect, it } from 'vitest';
import { findCalendar } from '../../../src-main/engines/calendars/index';
import { nextAfter, nextRunAt } from '../../../src-main/engines/schedule/due';
import { afterRun } from '../../../src-main/engines/schedule/run-due';
import {
  NEW_SCHEDULE_STATE,
  type Schedule,
  type ScheduleRule,
} from '../../../src-shared/domain/job-kinds/schedule';

const calendars = (name: string) => findCalendar(name);
const Z = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** The first n due times after `from`, each computed from the one before (as runs would). */
function dueTimes(rule: ScheduleRule, from: string, n: number): (string | null)[] {
  const out: (string | null)[] = [];
  let t: number | null = Z(from);
  for (let i = 0; i < n && t !== null; i++) {
    t = nextAfter(rule, t, calendars);
    out.push(iso(t));
  }
  return out;
}

describe('due times', () => {
  it('daily 18:00 America/New_York keeps 18:00 wall time across the 2026 DST changes', () => {
    const rule: ScheduleRule = { kind: 'daily', at: '18:00', timeZone: 'America/New_York' };
    // DST starts Sunday 2026-03-08: 18:00 EST = 23:00Z before, 18:00 EDT = 22:00Z after.
    expect(dueTimes(rule, '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-07T23:00:00.000Z',
      '2026-03-08T22:00:00.000Z',
      '2026-03-09T22:00:00.000Z',
    ]);
    // DST ends Sunday 2026-11-01.
    expect(dueTimes(rule, '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-10-31T22:00:00.000Z',
      '2026-11-01T23:00:00.000Z',
    ]);
  });

  it('daily 02:30 America/New_York: the missing hour runs at 03:30 EDT; the repeated 01:30 runs once', () => {
    expect(
      dueTimes({ kind: 'daily', at: '02:30', timeZone: 'America/New_York' }, '2026-03-07T12:00:00Z', 2),
    ).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
    expect(
      dueTimes({ kind: 'daily', at: '01:30', timeZone: 'America/New_York' }, '2026-10-31T12:00:00Z', 2),
    ).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('daily 09:00 Europe/London across the 2026 BST changes (29 March, 25 October)', () => {
    const rule: ScheduleRule = { kind: 'daily', at: '09:00', timeZone: 'Europe/London' };
    expect(dueTimes(rule, '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T08:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
    expect(dueTimes(rule, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T09:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
    ]);
  });

  it('hourly at :05 and every 90 minutes', () => {
    expect(dueTimes({ kind: 'hourly', minute: 5 }, '2026-03-08T06:59:00Z', 2)).toEqual([
      '2026-03-08T07:05:00.000Z',
      '2026-03-08T08:05:00.000Z',
    ]);
    expect(dueTimes({ kind: 'every', minutes: 90 }, '2026-03-08T06:59:00Z', 2)).toEqual([
      '2026-03-08T08:29:00.000Z',
      '2026-03-08T09:59:00.000Z',
    ]);
  });

  it('after each xnys session close: the early close after Thanksgiving, the holiday and weekend skipped', () => {
    const rule: ScheduleRule = { kind: 'session-close', calendar: 'xnys', delayMinutes: 5 };
    // Wed 25 Nov closes 16:00 EST; Thu 26 is Thanksgiving; Fri 27 closes early at 13:00; then Mon 30.
    expect(dueTimes(rule, '2026-11-25T12:00:00Z', 3)).toEqual([
      '2026-11-25T21:05:00.000Z',
      '2026-11-27T18:05:00.000Z',
      '2026-11-30T21:05:00.000Z',
    ]);
    // Across the spring change: Friday 16:00 EST, Monday 16:00 EDT.
    expect(dueTimes(rule, '2026-03-06T12:00:00Z', 2)).toEqual([
      '2026-03-06T21:05:00.000Z',
      '2026-03-09T20:05:00.000Z',
    ]);
  });

  it('an unknown calendar has no next run', () => {
    expect(nextAfter({ kind: 'session-close', calendar: 'nope', delayMinutes: 0 }, 0, calendars)).toBeNull();
  });
});

describe('next run of a schedule', () => {
  const s: Schedule = {
    id: 'btc',
    target: { series: 'BINANCE:BTCUSDT:1h' },
    rule: { kind: 'daily', at: '18:00', timeZone: 'America/New_York' },
    createdAt: Z('2026-03-02T12:00:00Z'),
  };

  it('after a week asleep, one run is due (the first missed one), and after it the next is in the future', () => {
    const first = nextRunAt(s, NEW_SCHEDULE_STATE, calendars);
    expect(iso(first)).toBe('2026-03-02T23:00:00.000Z');
    const wake = Z('2026-03-09T10:00:00Z');
    const ran = afterRun(NEW_SCHEDULE_STATE, wake, null);
    expect(iso(nextRunAt(s, ran, calendars))).toBe('2026-03-09T22:00:00.000Z');
  });

  it('every N minutes runs first when set', () => {
    const every: Schedule = { ...s, rule: { kind: 'every', minutes: 15 } };
    expect(nextRunAt(every, NEW_SCHEDULE_STATE, calendars)).toBe(s.createdAt);
  });

  it('backs off exponentially after failures in a row, capped at 6 hours, and a success clears it', () => {
    const every: Schedule = { ...s, rule: { kind: 'every', minutes: 1 } };
    let state = NEW_SCHEDULE_STATE;
    const waits: number[] = [];
    let t = s.createdAt;
    for (let i = 0; i < 9; i++) {
      state = afterRun(state, t, 'BINANCE:BTCUSDT:1h failed: 500');
      const next = nextRunAt(every, state, calendars)!;
      waits.push((next - t) / 60_000);
      t = next;
    }
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 320, 360, 360]);
    expect([state.failures, state.lastOutcome, state.lastError]).toEqual([
      9,
      'failed',
      'BINANCE:BTCUSDT:1h failed: 500',
    ]);
    state = afterRun(state, t, null);
    expect([state.failures, state.backoffUntil, nextRunAt(every, state, calendars)]).toEqual([
      0,
      null,
      t + 60_000,
    ]);
  });
});
