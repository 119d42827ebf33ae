import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_CALENDAR_NAMES,
  CALENDAR_24X7,
  defaultCalendarName,
  findCalendar,
  listCalendars,
  outOfSession,
} from '../../../src-main/engines/calendars/index';
import { BarcatError } from '../../../src-main/plumbing/errors';
import { catalogGaps, coveredIntervals, MIN, show, t } from './helpers';

describe('calendar registry', () => {
  it('lists every built-in calendar with its time zone', () => {
    expect(listCalendars().calendars.map((c) => [c.name, c.timeZone, c.source])).toEqual([
      ['24x7', 'UTC', 'built-in'],
      ['fx', 'America/New_York', 'built-in'],
      ['xnys', 'America/New_York', 'built-in'],
      ['xnas', 'America/New_York', 'built-in'],
      ['xnys-ext', 'America/New_York', 'built-in'],
      ['xnas-ext', 'America/New_York', 'built-in'],
    ]);
    expect(BUILT_IN_CALENDAR_NAMES.map((n) => findCalendar(n)?.name)).toEqual([...BUILT_IN_CALENDAR_NAMES]);
  });

  it('finds calendars by name case-insensitively; unknown names give undefined', () => {
    expect(findCalendar(' XNYS ')?.name).toBe('xnys');
    expect(findCalendar('24x7')).toBe(CALENDAR_24X7);
    expect(findCalendar('nyse')).toBeUndefined();
  });

  it('defaults a series calendar from its venue', () => {
    const cases: [string, string][] = [
      ['BINANCE', '24x7'],
      ['coinbase', '24x7'],
      ['KRAKEN', '24x7'],
      ['BITSTAMP', '24x7'],
      ['BYBIT', '24x7'],
      ['OKX', '24x7'],
      ['NASDAQ', 'xnas'],
      ['NYSE', 'xnys'],
      ['ARCA', 'xnys'],
      ['AMEX', 'xnys'],
      ['US', 'xnys'],
      ['FX', 'fx'],
      ['OANDA', 'fx'],
      ['FXCM', 'fx'],
      ['DUKASCOPY', 'fx'],
      ['HISTDATA', 'fx'],
      ['SOMEWHERE', '24x7'],
    ];
    expect(cases.map(([venue]) => [venue, defaultCalendarName(venue)])).toEqual(cases);
  });

  it('returns nothing for an empty or reversed range and refuses an absurd one', () => {
    const xnys = findCalendar('xnys')!;
    expect(xnys.sessions({ from: t('2024-06-04'), to: t('2024-06-03') }, '1m')).toEqual([]);
    expect(CALENDAR_24X7.sessions({ from: 5, to: 5 }, '1m')).toEqual([]);
    expect(() => xnys.sessions({ from: 0, to: 8.64e15 }, '1m')).toThrow(BarcatError);
    expect(() => xnys.sessions({ from: 0, to: 8.64e15 }, '1m')).toThrow(
      /longer than 400 years; ask for a shorter range\.$/,
    );
  });

  it('clips sessions to the range', () => {
    const xnys = findCalendar('xnys')!;
    expect(show(xnys.sessions({ from: t('2024-06-03T15:00Z'), to: t('2024-06-04T14:00Z') }, '1m'))).toEqual(
      show([
        { from: t('2024-06-03T15:00Z'), to: t('2024-06-03T20:00Z') },
        { from: t('2024-06-04T13:30Z'), to: t('2024-06-04T14:00Z') },
      ]),
    );
    expect(show(xnys.sessions({ from: t('2024-06-03T15:00Z'), to: t('2024-06-04T14:00Z') }, '1d'))).toEqual(
      show([
        { from: t('2024-06-03T15:00Z'), to: t('2024-06-04') },
        { from: t('2024-06-04'), to: t('2024-06-04T14:00Z') },
      ]),
    );
  });
});

describe('gap helpers', () => {
  it('merges unsorted bars into covered runs', () => {
    const ts = Float64Array.from([
      t('2024-06-03T13:32Z'),
      t('2024-06-03T13:30Z'),
      t('2024-06-03T13:31Z'),
      t('2024-06-03T13:40Z'),
    ]);
    expect(show(coveredIntervals(ts, '1m'))).toEqual(
      show([
        { from: t('2024-06-03T13:30Z'), to: t('2024-06-03T13:33Z') },
        { from: t('2024-06-03T13:40Z'), to: t('2024-06-03T13:41Z') },
      ]),
    );
    expect(coveredIntervals(new Float64Array(0), '1m')).toEqual([]);
  });

  it('also subtracts checked-empty ranges', () => {
    const xnys = findCalendar('xnys')!;
    const day = { from: t('2024-06-03'), to: t('2024-06-04') };
    const ts = Float64Array.from({ length: 60 }, (_, i) => t('2024-06-03T13:30Z') + i * MIN);
    const empty = [{ from: t('2024-06-03T15:00Z'), to: t('2024-06-03T16:00Z') }];
    expect(show(catalogGaps(xnys, day, '1m', ts, empty))).toEqual(
      show([
        { from: t('2024-06-03T14:30Z'), to: t('2024-06-03T15:00Z') },
        { from: t('2024-06-03T16:00Z'), to: t('2024-06-03T20:00Z') },
      ]),
    );
  });

  it('never flags anything under 24x7 and flags non-finite timestamps everywhere', () => {
    const ts = Float64Array.from([t('2024-07-06T03:00Z'), Number.NaN, 0]);
    expect(outOfSession(CALENDAR_24X7, ts, '1m')).toEqual([1]);
    expect(outOfSession(findCalendar('xnys')!, ts, '1m')).toEqual([0, 1, 2]);
    expect(outOfSession(findCalendar('xnys')!, new Float64Array(0), '1m')).toEqual([]);
  });
});
