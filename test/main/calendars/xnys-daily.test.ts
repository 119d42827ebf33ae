import { describe, expect, it } from 'vitest';
import { civilOf, isWeekend, parseIsoDate } from '../../../src-main/engines/calendars/civil-date';
import { findCalendar, outOfSession } from '../../../src-main/engines/calendars/index';
import type { Interval } from '../../../src-shared/domain/range';
import { subtractIntervals } from '../../../src-shared/time/intervals';
import { catalogGaps, coveredIntervals, DAY, formatIsoDate, realCsvDates, show, t } from './helpers';
import { NYSE_PUBLISHED } from './nyse-published';

const xnys = findCalendar('xnys')!;
const xnas = findCalendar('xnas')!;

function publishedClosed(year: number): string[] {
  return NYSE_PUBLISHED[year]!.closed.map((md) => `${year}-${md}`);
}

/** Trading days by the published lists alone: weekdays that no list closes. */
function publishedTradingDays(fromYear: number, toYear: number): number[] {
  const closed = new Set<string>();
  for (let y = fromYear; y <= toYear; y++) for (const d of publishedClosed(y)) closed.add(d);
  const days: number[] = [];
  for (let d = parseIsoDate(`${fromYear}-01-01`)!; civilOf(d).year <= toYear; d++) {
    if (!isWeekend(d) && !closed.has(formatIsoDate(d))) days.push(d);
  }
  return days;
}

describe('xnys and xnas holidays and early closes against the published NYSE lists, 2000-2030', () => {
  for (let year = 2000; year <= 2030; year++) {
    it(`${year}: the same closed weekdays and 13:00 early closes`, () => {
      const closed: string[] = [];
      const early: string[] = [];
      for (let d = parseIsoDate(`${year}-01-01`)!; civilOf(d).year === year; d++) {
        if (isWeekend(d)) continue;
        if (!xnys.isTradingDay(d)) {
          closed.push(formatIsoDate(d));
          continue;
        }
        const [session] = xnys.sessionsOn(d);
        const close = new Date(session!.to).toLocaleTimeString('en-GB', {
          timeZone: 'America/New_York',
          hour: '2-digit',
          minute: '2-digit',
        });
        if (close !== '16:00') early.push(formatIsoDate(d).slice(5) + (close === '13:00' ? '' : ` ${close}`));
      }
      expect(closed).toEqual(publishedClosed(year));
      expect(early).toEqual(NYSE_PUBLISHED[year]!.early);
      // Nasdaq keeps the same days.
      for (let d = parseIsoDate(`${year}-01-01`)!; civilOf(d).year === year; d++) {
        expect(xnas.sessionsOn(d)).toEqual(xnys.sessionsOn(d));
      }
    });
  }
});

describe('a daily series 2000-2025 under xnys', () => {
  const days = publishedTradingDays(2000, 2025);
  const ts = Float64Array.from(days, (d) => d * DAY);
  const range: Interval = { from: t('2000-01-01'), to: t('2026-01-01') };

  it('has exactly the published number of trading days, and no gaps', () => {
    // Trading days per year as commonly published (2001: September 11; 2012: Sandy; 2025: Carter).
    const perYear = [
      252, 248, 252, 252, 252, 252, 251, 251, 253, 252, 252, 252, 250, 252, 252, 252, 252, 251, 251, 252, 253,
      252, 251, 250, 252, 250,
    ];
    for (let y = 2000; y <= 2025; y++) {
      expect(xnys.sessions({ from: t(`${y}-01-01`), to: t(`${y + 1}-01-01`) }, '1d'), String(y)).toHaveLength(
        perYear[y - 2000]!,
      );
    }
    expect(days.length).toBe(6539);
    expect(xnys.sessions(range, '1d')).toHaveLength(days.length);
    expect(catalogGaps(xnys, range, '1d', ts)).toEqual([]);
    expect(outOfSession(xnys, ts, '1d')).toEqual([]);
  });

  it('reports exactly the days a test removes, each as [day 00:00 UTC, next day)', () => {
    const removed = ['2001-09-17', '2012-10-31', '2025-01-10'].map((d) => t(d));
    const holey = ts.filter((x) => !removed.includes(x));
    expect(show(catalogGaps(xnys, range, '1d', holey))).toEqual(
      show(removed.map((from) => ({ from, to: from + DAY }))),
    );
  });

  it('counts gaps as trading days under 1w and 1M too (bars keyed at 00:00 UTC)', () => {
    expect(subtractIntervals(xnys.sessions(range, '1w'), coveredIntervals(ts, '1d'))).toEqual([]);
    const gaps = subtractIntervals(xnys.sessions(range, '1M'), coveredIntervals(ts, '1d'));
    expect(gaps).toEqual([]);
  });

  it('flags a daily bar dated on a holiday, a one-off closure or a weekend as out of session', () => {
    const odd = Float64Array.from([
      t('2024-07-03'),
      t('2024-07-04'),
      t('2025-01-09'),
      t('2024-07-06'),
      t('2024-07-05'),
    ]);
    expect(outOfSession(xnys, odd, '1d')).toEqual([1, 2, 3]);
  });

  it('does not flag a weekly bar whose Monday is a holiday (the week still trades)', () => {
    // 2024-01-15 is Martin Luther King Jr. Day; 2001-09-10 starts the week of the September 11 closure.
    expect(outOfSession(xnys, Float64Array.from([t('2024-01-15'), t('2001-09-10')]), '1w')).toEqual([]);
  });

  it('under 24x7 the same series shows every weekend and holiday as missing', () => {
    const all = findCalendar('24x7')!;
    const gaps = catalogGaps(all, range, '1d', ts);
    const missingDays = gaps.reduce((n, g) => n + (g.to - g.from) / DAY, 0);
    expect(missingDays).toBe((range.to - range.from) / DAY - days.length);
  });
});

describe('xnys trading days match real vendor daily files', () => {
  it('Yahoo ORCL 1995-2014: every trading day has a bar and no bar falls on a closed day', () => {
    const ts = Float64Array.from(
      realCsvDates('yahoo/orcl-1995-2014.txt', 0, (s) => s),
      (d) => t(d),
    );
    expect(ts.length).toBe(5036);
    expect(outOfSession(xnys, ts, '1d')).toEqual([]);
    expect(catalogGaps(xnys, { from: t('1995-01-03'), to: t('2015-01-01') }, '1d', ts)).toEqual([]);
  });

  it('Stooq AAPL 2000-2019: the only gaps are the two days the vendor file lacks', () => {
    const dates = realCsvDates(
      'stooq/aapl.us.txt',
      2,
      (s) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
    );
    const ts = Float64Array.from(
      dates.filter((d) => d >= '2000-01-01'),
      (d) => t(d),
    );
    expect(outOfSession(xnys, ts, '1d')).toEqual([]);
    const gaps = catalogGaps(xnys, { from: t('2000-01-01'), to: t('2019-08-17') }, '1d', ts);
    expect(show(gaps)).toEqual(
      show([
        { from: t('2002-02-01'), to: t('2002-02-02') },
        { from: t('2002-02-04'), to: t('2002-02-05') },
      ]),
    );
  });

  it('Stooq AAPL 1985-1999 (rules applied before their verified range): one vendor hole, 1994-04-27 closed', () => {
    const dates = realCsvDates(
      'stooq/aapl.us.txt',
      2,
      (s) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
    );
    const ts = Float64Array.from(
      dates.filter((d) => d >= '1985-01-01' && d < '2000-01-01'),
      (d) => t(d),
    );
    expect(outOfSession(xnys, ts, '1d')).toEqual([]);
    const gaps = catalogGaps(xnys, { from: t('1985-01-01'), to: t('2000-01-01') }, '1d', ts);
    expect(show(gaps)).toEqual(show([{ from: t('1999-11-16'), to: t('1999-11-17') }]));
    expect(xnys.isTradingDay(t('1994-04-27') / DAY)).toBe(false); // President Nixon's funeral
  });

  it('Yahoo GOOG 2011 (newest first) matches xnas exactly', () => {
    const ts = Float64Array.from(
      realCsvDates('yahoo-legacy/goog-2011-yahoofinance.csv', 0, (s) => s),
      (d) => t(d),
    );
    expect(ts.length).toBe(252);
    expect(outOfSession(xnas, ts, '1d')).toEqual([]);
    expect(catalogGaps(xnas, { from: t('2011-01-01'), to: t('2012-01-01') }, '1d', ts)).toEqual([]);
  });

  it('Stooq TSLA 2010-2023 (after Juneteenth became a holiday): one vendor hole, no bar on a closed day', () => {
    const ts = Float64Array.from(
      realCsvDates('stooq-pl/tsla_us_d.csv', 0, (s) => s),
      (d) => t(d),
    );
    expect(outOfSession(xnys, ts, '1d')).toEqual([]);
    const gaps = catalogGaps(xnys, { from: t('2010-06-28'), to: t('2023-03-18') }, '1d', ts);
    expect(show(gaps)).toEqual(show([{ from: t('2011-02-17'), to: t('2011-02-18') }]));
  });
});
