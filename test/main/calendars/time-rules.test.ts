import { describe, expect, it } from 'vitest';
import {
  dayOf,
  easterSunday,
  lastWeekday,
  MONDAY,
  nthWeekday,
  parseClockTime,
  parseIsoDate,
  THURSDAY,
  weekdayOf,
} from '../../../src-main/engines/calendars/civil-date';
import { offsetAt, zonedToUtc } from '../../../src-main/engines/calendars/zoned-time';
import { formatIsoDate, iso, t } from './helpers';

describe('civil dates', () => {
  it('computes Easter Sunday (published dates 2000-2030)', () => {
    const published = [
      '2000-04-23',
      '2001-04-15',
      '2002-03-31',
      '2003-04-20',
      '2004-04-11',
      '2005-03-27',
      '2006-04-16',
      '2007-04-08',
      '2008-03-23',
      '2009-04-12',
      '2010-04-04',
      '2011-04-24',
      '2012-04-08',
      '2013-03-31',
      '2014-04-20',
      '2015-04-05',
      '2016-03-27',
      '2017-04-16',
      '2018-04-01',
      '2019-04-21',
      '2020-04-12',
      '2021-04-04',
      '2022-04-17',
      '2023-04-09',
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2028-04-16',
      '2029-04-01',
      '2030-04-21',
    ];
    expect(published.map((_, i) => formatIsoDate(easterSunday(2000 + i)))).toEqual(published);
  });

  it('finds n-th and last weekdays and weekdays of dates', () => {
    expect(formatIsoDate(nthWeekday(2024, 1, MONDAY, 3))).toBe('2024-01-15');
    expect(formatIsoDate(nthWeekday(2024, 11, THURSDAY, 4))).toBe('2024-11-28');
    expect(formatIsoDate(lastWeekday(2024, 5, MONDAY))).toBe('2024-05-27');
    expect(formatIsoDate(lastWeekday(2027, 5, MONDAY))).toBe('2027-05-31');
    expect(weekdayOf(dayOf(1970, 1, 1))).toBe(4);
    expect(weekdayOf(dayOf(1969, 12, 28))).toBe(0);
  });

  it('parses only real dates and clock times', () => {
    expect(parseIsoDate('2024-02-29')).toBe(dayOf(2024, 2, 29));
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('2024-2-1')).toBeUndefined();
    expect(parseClockTime('09:30')).toBe(570);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(parseClockTime('24:01')).toBeUndefined();
    expect(parseClockTime('12:60')).toBeUndefined();
  });
});

describe('zoned time through Intl', () => {
  const ny = 'America/New_York';
  const day = (s: string) => Math.floor(t(s) / 86_400_000);

  it('converts across the New York DST changes', () => {
    expect(iso(zonedToUtc(ny, day('2024-03-08'), 570))).toBe('2024-03-08T14:30:00.000Z');
    expect(iso(zonedToUtc(ny, day('2024-03-11'), 570))).toBe('2024-03-11T13:30:00.000Z');
    expect(iso(zonedToUtc(ny, day('2024-03-10'), 17 * 60))).toBe('2024-03-10T21:00:00.000Z');
    expect(iso(zonedToUtc(ny, day('2024-11-03'), 17 * 60))).toBe('2024-11-03T22:00:00.000Z');
  });

  it('moves a time that does not exist forward and takes the earlier of an ambiguous time', () => {
    // 02:30 on 2024-03-10 never happened in New York: it becomes 03:30 EDT.
    expect(iso(zonedToUtc(ny, day('2024-03-10'), 150))).toBe('2024-03-10T07:30:00.000Z');
    // 01:30 on 2024-11-03 happened twice: the first (EDT) is taken.
    expect(iso(zonedToUtc(ny, day('2024-11-03'), 90))).toBe('2024-11-03T05:30:00.000Z');
    // Midnight and minutes past 24 h / before 0 h wrap to the neighbouring dates.
    expect(iso(zonedToUtc(ny, day('2024-11-03'), 0))).toBe('2024-11-03T04:00:00.000Z');
    expect(iso(zonedToUtc(ny, day('2024-11-04'), -420))).toBe('2024-11-03T22:00:00.000Z');
    expect(iso(zonedToUtc(ny, day('2024-03-09'), 1440 + 180))).toBe('2024-03-10T07:00:00.000Z');
  });

  it('handles half-hour zones and southern-hemisphere DST', () => {
    expect(iso(zonedToUtc('Asia/Kolkata', day('2024-06-03'), 555))).toBe('2024-06-03T03:45:00.000Z');
    expect(iso(zonedToUtc('Asia/Kathmandu', day('2024-06-03'), 0))).toBe('2024-06-02T18:15:00.000Z');
    // Sydney leaves DST on 2024-04-07 (UTC+11 -> +10) and enters it on 2024-10-06.
    expect(iso(zonedToUtc('Australia/Sydney', day('2024-04-05'), 600))).toBe('2024-04-04T23:00:00.000Z');
    expect(iso(zonedToUtc('Australia/Sydney', day('2024-04-08'), 600))).toBe('2024-04-08T00:00:00.000Z');
    // Lord Howe shifts by 30 minutes.
    expect(
      offsetAt('Australia/Lord_Howe', t('2024-01-15')) - offsetAt('Australia/Lord_Howe', t('2024-07-15')),
    ).toBe(30 * 60_000);
  });

  it('the per-date cache agrees with a direct Intl check for every New York date 2000-2030', () => {
    let mismatches = 0;
    for (let d = day('2000-01-01'); d < day('2031-01-01'); d++) {
      for (const minutes of [240, 570, 960, 1200]) {
        const utc = zonedToUtc(ny, d, minutes);
        const local = utc + offsetAt(ny, utc);
        if (local !== d * 86_400_000 + minutes * 60_000) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });
});
