import { describe, expect, it } from 'vitest';
import { findCalendar, outOfSession } from '../../../src-main/engines/calendars/index';
import { catalogGaps, grid, MIN, show, t } from './helpers';

const xnys = findCalendar('xnys')!;
const xnas = findCalendar('xnas')!;

describe('one-off closures and special sessions (resources/calendars/xnys-special-days.json)', () => {
  it('September 11, 2001: closed Tuesday 11th to Friday 14th, reopened Monday 17th at 09:33', () => {
    expect(show(xnys.sessions({ from: t('2001-09-10'), to: t('2001-09-19') }, '1m'))).toEqual(
      show([
        { from: t('2001-09-10T13:30Z'), to: t('2001-09-10T20:00Z') },
        { from: t('2001-09-17T13:33Z'), to: t('2001-09-17T20:00Z') },
        { from: t('2001-09-18T13:30Z'), to: t('2001-09-18T20:00Z') },
      ]),
    );
  });

  it('Hurricane Sandy: closed 2012-10-29 and 2012-10-30', () => {
    const days = xnys.sessions({ from: t('2012-10-26'), to: t('2012-11-01') }, '1d');
    expect(days.map((d) => new Date(d.from).toISOString().slice(0, 10))).toEqual([
      '2012-10-26',
      '2012-10-31',
    ]);
  });

  for (const [date, who] of [
    ['2004-06-11', 'Reagan'],
    ['2007-01-02', 'Ford'],
    ['2018-12-05', 'G. H. W. Bush'],
    ['2025-01-09', 'Carter'],
  ] as const) {
    it(`national day of mourning ${date} (${who}) is closed on NYSE and Nasdaq`, () => {
      const range = { from: t(date), to: t(date) + 86_400_000 };
      expect(xnys.sessions(range, '1m')).toEqual([]);
      expect(xnas.sessions(range, '1d')).toEqual([]);
      expect(findCalendar('xnys-ext')!.sessionsOn(range.from / 86_400_000)).toEqual([]);
      // A minute series that skips the day reports no gap around it.
      const around = { from: t(date) - 86_400_000, to: t(date) + 2 * 86_400_000 };
      const ts = Float64Array.from(xnys.sessions(around, '1m').flatMap((s) => grid(s.from, s.to, MIN)));
      expect(catalogGaps(xnys, around, '1m', ts)).toEqual([]);
      expect(outOfSession(xnys, Float64Array.from([t(date) + 15 * 3_600_000]), '1m')).toEqual([0]);
    });
  }

  it('first anniversary of September 11: opened at 12:00 on 2002-09-11', () => {
    expect(show(xnys.sessions({ from: t('2002-09-11'), to: t('2002-09-12') }, '1m'))).toEqual(
      show([{ from: t('2002-09-11T16:00Z'), to: t('2002-09-11T20:00Z') }]),
    );
  });

  it('early close on the Friday after Christmas 2003 and the 15:56 systems close of 2005-06-01', () => {
    expect(xnys.sessionsOn(Math.floor(t('2003-12-26') / 86_400_000))).toEqual([
      { from: t('2003-12-26T14:30Z'), to: t('2003-12-26T18:00Z') },
    ]);
    expect(xnys.sessionsOn(Math.floor(t('2005-06-01') / 86_400_000))).toEqual([
      { from: t('2005-06-01T13:30Z'), to: t('2005-06-01T19:56Z') },
    ]);
  });
});
