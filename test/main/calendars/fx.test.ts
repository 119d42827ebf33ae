import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCalendar, outOfSession } from '../../../src-main/engines/calendars/index';
import type { Interval } from '../../../src-shared/domain/range';
import { totalLength } from '../../../src-shared/time/intervals';
import { catalogGaps, grid, MIN, realDataDir, show, t } from './helpers';

const fx = findCalendar('fx')!;

describe('fx: Sunday 17:00 to Friday 17:00 New York time', () => {
  it('follows the US DST start (2024-03-10): opens 22:00Z in winter, 21:00Z that very Sunday', () => {
    expect(show(fx.sessions({ from: t('2024-03-01'), to: t('2024-03-16') }, '1m'))).toEqual(
      show([
        { from: t('2024-03-01'), to: t('2024-03-01T22:00Z') },
        { from: t('2024-03-03T22:00Z'), to: t('2024-03-08T22:00Z') },
        { from: t('2024-03-10T21:00Z'), to: t('2024-03-15T21:00Z') },
      ]),
    );
  });

  it('follows the US DST end (2024-11-03), not Europe (2024-10-27)', () => {
    expect(show(fx.sessions({ from: t('2024-10-25'), to: t('2024-11-09') }, '1m'))).toEqual(
      show([
        { from: t('2024-10-25'), to: t('2024-10-25T21:00Z') },
        { from: t('2024-10-27T21:00Z'), to: t('2024-11-01T21:00Z') },
        { from: t('2024-11-03T22:00Z'), to: t('2024-11-08T22:00Z') },
      ]),
    );
  });

  it('closes for Christmas Day and New Year’s Day, from 17:00 the evening before', () => {
    expect(show(fx.sessions({ from: t('2024-12-22'), to: t('2025-01-04') }, '1m'))).toEqual(
      show([
        { from: t('2024-12-22T22:00Z'), to: t('2024-12-24T22:00Z') },
        { from: t('2024-12-25T22:00Z'), to: t('2024-12-27T22:00Z') },
        { from: t('2024-12-29T22:00Z'), to: t('2024-12-31T22:00Z') },
        { from: t('2025-01-01T22:00Z'), to: t('2025-01-03T22:00Z') },
      ]),
    );
    // In 2022 both fall on a Sunday: the week simply opens at 17:00 that Sunday.
    expect(show(fx.sessions({ from: t('2022-12-18'), to: t('2023-01-07') }, '1m'))).toEqual(
      show([
        { from: t('2022-12-18T22:00Z'), to: t('2022-12-23T22:00Z') },
        { from: t('2022-12-25T22:00Z'), to: t('2022-12-30T22:00Z') },
        { from: t('2023-01-01T22:00Z'), to: t('2023-01-06T22:00Z') },
      ]),
    );
  });

  it('counts trading dates Monday-Friday for daily bars, without Dec 25 and Jan 1', () => {
    const days = fx.sessions({ from: t('2024-12-21'), to: t('2025-01-04') }, '1d');
    expect(days.map((d) => new Date(d.from).toISOString().slice(0, 10))).toEqual([
      '2024-12-23',
      '2024-12-24',
      '2024-12-26',
      '2024-12-27',
      '2024-12-30',
      '2024-12-31',
      '2025-01-02',
      '2025-01-03',
    ]);
  });

  it('a complete minute series across both 2024 DST changes has no gaps; a removed minute is the one gap', () => {
    const weeks: Interval[] = [
      { from: t('2024-03-03T22:00Z'), to: t('2024-03-08T22:00Z') },
      { from: t('2024-03-10T21:00Z'), to: t('2024-03-15T21:00Z') },
      { from: t('2024-10-27T21:00Z'), to: t('2024-11-01T21:00Z') },
      { from: t('2024-11-03T22:00Z'), to: t('2024-11-08T22:00Z') },
    ];
    const ranges: Interval[] = [
      { from: t('2024-03-02'), to: t('2024-03-16') },
      { from: t('2024-10-26'), to: t('2024-11-09') },
    ];
    const ts = Float64Array.from(weeks.flatMap((w) => grid(w.from, w.to, MIN)));
    for (const r of ranges) expect(catalogGaps(fx, r, '1m', ts)).toEqual([]);
    expect(outOfSession(fx, ts, '1m')).toEqual([]);
    const firstAfterDst = t('2024-03-10T21:00Z');
    const holey = ts.filter((x) => x !== firstAfterDst);
    expect(show(catalogGaps(fx, ranges[0]!, '1m', holey))).toEqual(
      show([{ from: firstAfterDst, to: firstAfterDst + MIN }]),
    );
    // A bar in the hour that was closed before the change and is open after it.
    expect(
      outOfSession(fx, Float64Array.from([t('2024-03-03T21:30Z'), t('2024-03-10T21:30Z')]), '1m'),
    ).toEqual([0]);
  });
});

describe('fx against a real HistData EUR/USD minute file (fixed EST, 2017-03-01..10)', () => {
  const lines = readFileSync(path.join(realDataDir, 'histdata/DAT_ASCII_EURUSD_M1_201703_1_10.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  // "20170301 000000" is EST all year (UTC-5); before 2017-03-12 that equals New York time.
  const ts = Float64Array.from(lines, (l) => {
    const s = l.slice(0, 15);
    return Date.UTC(
      +s.slice(0, 4),
      +s.slice(4, 6) - 1,
      +s.slice(6, 8),
      +s.slice(9, 11) + 5,
      +s.slice(11, 13),
    );
  });
  const range = { from: t('2017-03-01T05:00Z'), to: t('2017-03-10T22:00Z') };

  it('has every bar inside the fx sessions', () => {
    expect(ts.length).toBe(11092);
    expect(outOfSession(fx, ts, '1m')).toEqual([]);
  });

  it('leaves only the vendor’s short holes as gaps; 24x7 would add the whole weekend', () => {
    const gaps = catalogGaps(fx, range, '1m', ts);
    expect(Math.max(...gaps.map((g) => g.to - g.from))).toBeLessThan(60 * MIN);
    const raw = catalogGaps(findCalendar('24x7')!, range, '1m', ts);
    expect(totalLength(raw) - totalLength(gaps)).toBe(48 * 60 * MIN); // Fri 17:00 -> Sun 17:00 EST
  });
});
