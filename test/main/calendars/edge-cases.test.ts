import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCalendar } from '../../../src-main/engines/calendars/index';
import { fileTempDir } from '../catalog/helpers';
import { catalogGaps, coveredIntervals, MIN, show, t } from './helpers';

const xnys = findCalendar('xnys')!;
const on = (date: string) => show(xnys.sessionsOn(t(date) / 86_400_000));

describe('xnys edge cases', () => {
  it('a Saturday New Year is not observed: Friday 2021-12-31 is a full day', () => {
    expect(on('2021-12-31')).toEqual(show([{ from: t('2021-12-31T14:30Z'), to: t('2021-12-31T21:00Z') }]));
  });

  it('a Saturday Christmas closes Friday 12-24 and leaves Thursday 12-23 a full day', () => {
    expect(on('2021-12-24')).toEqual([]);
    expect(on('2021-12-23')).toEqual(show([{ from: t('2021-12-23T14:30Z'), to: t('2021-12-23T21:00Z') }]));
  });

  it('a Saturday July 4th closes Friday 07-03 and leaves 07-02 a full day', () => {
    expect(on('2026-07-03')).toEqual([]);
    expect(on('2026-07-02')).toEqual(show([{ from: t('2026-07-02T13:30Z'), to: t('2026-07-02T20:00Z') }]));
  });

  it('a Friday early close: 2002-07-05 (after a Thursday July 4th, before 2013) ends 13:00 EDT', () => {
    expect(on('2002-07-05')).toEqual(show([{ from: t('2002-07-05T13:30Z'), to: t('2002-07-05T17:00Z') }]));
    // Since 2013 the Wednesday before closes early and the Friday after is a full day.
    expect(on('2019-07-03')).toEqual(show([{ from: t('2019-07-03T13:30Z'), to: t('2019-07-03T17:00Z') }]));
    expect(on('2019-07-05')).toEqual(show([{ from: t('2019-07-05T13:30Z'), to: t('2019-07-05T20:00Z') }]));
  });

  it('a Sunday Juneteenth is observed on Monday (2022-06-20); none before 2022', () => {
    expect(on('2022-06-20')).toEqual([]);
    expect(on('2021-06-18')).toEqual(show([{ from: t('2021-06-18T13:30Z'), to: t('2021-06-18T20:00Z') }]));
  });

  it('gap minutes on the day after Thanksgiving stop at the 13:00 close', () => {
    const day = { from: t('2024-11-29'), to: t('2024-11-30') };
    const ts = Float64Array.from([t('2024-11-29T14:30Z')]);
    expect(show(catalogGaps(xnys, day, '1m', ts))).toEqual(
      show([{ from: t('2024-11-29T14:31Z'), to: t('2024-11-29T18:00Z') }]),
    );
  });
});

describe('DST nights in user calendars', () => {
  const catalog = fileTempDir('barcat-cal-edge-').dir;
  const week = (s: string[]) => ({ sun: s, mon: s, tue: s, wed: s, thu: s, fri: s, sat: s });
  beforeAll(() => {
    mkdirSync(path.join(catalog, 'calendars'));
    writeFileSync(
      path.join(catalog, 'calendars', 'overnight.json'),
      JSON.stringify({ timeZone: 'America/Chicago', week: { mon: ['17:00-16:00'], tue: ['17:00-16:00'] } }),
    );
    writeFileSync(
      path.join(catalog, 'calendars', 'night-owl.json'),
      JSON.stringify({ timeZone: 'America/New_York', week: week(['02:30-04:00']) }),
    );

    writeFileSync(
      path.join(catalog, 'calendars', 'out-of-order.json'),
      JSON.stringify({ timeZone: 'UTC', week: { sun: ['18:00-20:00'], mon: ['17:00-16:00'] } }),
    );
  });

  it('merges a date whose session opens before the previous date’s session (out of order)', () => {
    // Monday's session opens Sunday 17:00, before Sunday's own 18:00 session.
    const cal = findCalendar('out-of-order', catalog)!;
    expect(show(cal.sessions({ from: t('2024-06-02'), to: t('2024-06-04') }, '1m'))).toEqual(
      show([{ from: t('2024-06-02T17:00Z'), to: t('2024-06-03T16:00Z') }]),
    );
  });

  it('an overnight session that opens on the DST Sunday opens at 17:00 CDT', () => {
    const cal = findCalendar('overnight', catalog)!;
    expect(show(cal.sessions({ from: t('2024-03-08'), to: t('2024-03-13') }, '1m'))).toEqual(
      show([
        { from: t('2024-03-10T22:00Z'), to: t('2024-03-11T21:00Z') },
        { from: t('2024-03-11T22:00Z'), to: t('2024-03-12T21:00Z') },
      ]),
    );
  });

  it('a session starting at a time the clocks skip starts when the clocks resume (03:30 EDT)', () => {
    const cal = findCalendar('night-owl', catalog)!;
    expect(show(cal.sessions({ from: t('2024-03-10'), to: t('2024-03-11') }, '1m'))).toEqual(
      show([{ from: t('2024-03-10T07:30Z'), to: t('2024-03-10T08:00Z') }]),
    );
    // On the night the clocks go back, 02:30-04:00 EST is an ordinary 90 minutes.
    expect(show(cal.sessions({ from: t('2024-11-03'), to: t('2024-11-04') }, '1m'))).toEqual(
      show([{ from: t('2024-11-03T07:30Z'), to: t('2024-11-03T09:00Z') }]),
    );
  });
});

describe('coverage runs', () => {
  it('never see a non-finite timestamp: the write path refuses it first', () => {
    const ts = Float64Array.from([t('2024-06-03T13:31Z'), Number.NaN, t('2024-06-03T13:30Z')]);
    expect(() => coveredIntervals(ts, '1m')).toThrow(
      'bar 1 (ts NaN), column ts: time NaN is not an integer of ms since 1970 UTC (rule bad_timestamp)',
    );
    expect(
      coveredIntervals(Float64Array.from([t('2024-06-03T13:31Z'), t('2024-06-03T13:30Z')]), '1m'),
    ).toEqual([{ from: t('2024-06-03T13:30Z'), to: t('2024-06-03T13:30Z') + 2 * MIN }]);
  });
});
