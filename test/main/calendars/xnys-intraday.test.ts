import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCalendar, outOfSession } from '../../../src-main/engines/calendars/index';
import type { Interval } from '../../../src-shared/domain/range';
import { subtractIntervals, totalLength } from '../../../src-shared/time/intervals';
import { aapl2024Minutes } from './aapl-2024-series';
import { catalogGaps, coveredIntervals, DAY, grid, MIN, realDataDir, show, t } from './helpers';

const xnys = findCalendar('xnys')!;
const YEAR_2024: Interval = { from: t('2024-01-01'), to: t('2025-01-01') };
const minutes = aapl2024Minutes();

/** The brief's recipe: session intervals minus one [ts, ts + 1m) interval per bar. */
function gapsOf(ts: Float64Array): Interval[] {
  return subtractIntervals(
    xnys.sessions(YEAR_2024, '1m'),
    Array.from(ts, (from) => ({ from, to: from + MIN })),
  );
}

describe('a complete synthetic 1-minute AAPL series for 2024 under xnys', () => {
  it('has 252 trading days: 249 full days of 390 bars and 3 early closes of 210 bars', () => {
    expect(minutes.length).toBe(249 * 390 + 3 * 210);
    expect(xnys.sessions(YEAR_2024, '1m')).toHaveLength(252);
    expect(totalLength(xnys.sessions(YEAR_2024, '1m'))).toBe(minutes.length * MIN);
  });

  it('reports zero gaps: weekends, the ten holidays and the three early closes are closed time', () => {
    expect(gapsOf(minutes)).toEqual([]);
    expect(catalogGaps(xnys, YEAR_2024, '1m', minutes)).toEqual([]);
    expect(outOfSession(xnys, minutes, '1m')).toEqual([]);
  });

  it('reports exactly the holes a test punches: one bar, a half hour after DST starts, a whole early-close day', () => {
    const holes: Interval[] = [
      { from: t('2024-03-11T13:30:00Z'), to: t('2024-03-11T14:00:00Z') }, // 09:30-10:00 EDT, first Monday of DST
      { from: t('2024-07-03T16:59:00Z'), to: t('2024-07-03T17:00:00Z') }, // 12:59 EDT, last bar before the 13:00 close
      { from: t('2024-11-29T14:30:00Z'), to: t('2024-11-29T18:00:00Z') }, // the day after Thanksgiving, 09:30-13:00 EST
    ];
    const holey = minutes.filter((x) => !holes.some((h) => x >= h.from && x < h.to));
    expect(holey.length).toBe(minutes.length - 30 - 1 - 210);
    expect(show(gapsOf(holey))).toEqual(show(holes));
    expect(show(catalogGaps(xnys, YEAR_2024, '1m', holey))).toEqual(show(holes));
  });

  it('shows nights, weekends and holidays as missing under 24x7 (what the calendar saves users from)', () => {
    const raw = catalogGaps(findCalendar('24x7')!, YEAR_2024, '1m', minutes);
    expect(totalLength(raw)).toBe(366 * DAY - minutes.length * MIN);
  });

  it('flags bars outside the session, across DST and on early-close days', () => {
    const ts = Float64Array.from([
      t('2024-03-08T20:59:00Z'), // 15:59 EST: in session
      t('2024-03-08T14:29:00Z'), // 09:29 EST
      t('2024-03-11T13:29:00Z'), // 09:29 EDT
      t('2024-03-11T13:30:00Z'), // 09:30 EDT: in session
      t('2024-03-11T20:00:00Z'), // 16:00 EDT
      t('2024-11-29T18:00:00Z'), // 13:00 EST on an early-close day
      t('2024-11-29T17:59:00Z'), // 12:59 EST: in session
      t('2024-07-04T15:00:00Z'), // Independence Day
      t('2024-07-06T15:00:00Z'), // Saturday
    ]);
    expect(outOfSession(xnys, ts, '1m')).toEqual([1, 2, 4, 5, 7, 8]);
    // The same bars in reverse order give the same bars (indices into the input).
    expect(outOfSession(xnys, ts.slice().reverse(), '1m')).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('counts coarser bars on the UTC grid: hourly bars keyed 09:00 hold the 09:30 open', () => {
    // 2024-03-08 (EST, 14:30-21:00Z) and 2024-03-11 (EDT, 13:30-20:00Z).
    const hourly = Float64Array.from([
      ...grid(t('2024-03-08T14:00Z'), t('2024-03-08T21:00Z'), 60 * MIN),
      ...grid(t('2024-03-11T13:00Z'), t('2024-03-11T20:00Z'), 60 * MIN),
    ]);
    const range = { from: t('2024-03-08'), to: t('2024-03-12') };
    expect(catalogGaps(xnys, range, '1h', hourly)).toEqual([]);
    expect(outOfSession(xnys, hourly, '1h')).toEqual([]);
    const withNight = Float64Array.from([...hourly, t('2024-03-11T20:00Z')]);
    expect(outOfSession(xnys, withNight, '1h')).toEqual([hourly.length]);
  });

  it('merges bars into one covered run per trading day', () => {
    expect(coveredIntervals(minutes, '1m')).toHaveLength(252);
  });
});

describe('extended hours (xnys-ext)', () => {
  const ext = findCalendar('xnys-ext')!;

  it('runs 04:00-20:00 New York time, to 17:00 on an early-close day, closed on holidays', () => {
    expect(show(ext.sessions({ from: t('2024-11-27'), to: t('2024-12-03') }, '1m'))).toEqual(
      show([
        { from: t('2024-11-27T00:00Z'), to: t('2024-11-27T01:00Z') }, // Tuesday's after-hours, clipped
        { from: t('2024-11-27T09:00Z'), to: t('2024-11-28T01:00Z') },
        { from: t('2024-11-29T09:00Z'), to: t('2024-11-29T22:00Z') },
        { from: t('2024-12-02T09:00Z'), to: t('2024-12-03T00:00Z') },
      ]),
    );
  });

  it('accepts pre-market and after-hours bars that xnys flags', () => {
    const ts = Float64Array.from([t('2024-06-03T08:00Z'), t('2024-06-03T23:59Z'), t('2024-06-04T00:00Z')]);
    expect(outOfSession(xnys, ts, '1m')).toEqual([0, 1, 2]);
    expect(outOfSession(ext, ts, '1m')).toEqual([2]);
  });
});

describe('a real NinjaTrader SPY minute file, January 2011 (UTC, bars stamped with their end time)', () => {
  const lines = readFileSync(path.join(realDataDir, 'ninjatrader/nt-spy-minute-2011.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  // "20110103 090100" ends at 09:01Z, so the bar opens at 09:00Z (04:00 New York).
  const ts = Float64Array.from(
    lines,
    (l) =>
      Date.UTC(+l.slice(0, 4), +l.slice(4, 6) - 1, +l.slice(6, 8), +l.slice(9, 11), +l.slice(11, 13)) - MIN,
  );
  const january = { from: t('2011-01-03'), to: t('2011-02-01') };

  it('has every regular-session minute of its 20 trading days (MLK day 2011-01-17 closed): zero gaps', () => {
    expect(ts.length).toBe(14180);
    expect(catalogGaps(xnys, january, '1m', ts)).toEqual([]);
    expect(xnys.sessions(january, '1m')).toHaveLength(20);
  });

  it('keeps all its bars inside xnys-ext; xnys flags the pre-market and after-hours ones', () => {
    expect(outOfSession(findCalendar('xnys-ext')!, ts, '1m')).toEqual([]);
    expect(ts.length - outOfSession(xnys, ts, '1m').length).toBe(20 * 390);
  });
});
