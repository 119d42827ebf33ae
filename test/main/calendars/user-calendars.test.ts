import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  findCalendar,
  listCalendars,
  loadUserCalendars,
  outOfSession,
  type UserCalendarFile,
} from '../../../src-main/engines/calendars/index';
import { fileTempDir } from '../catalog/helpers';
import { show, t } from './helpers';

const catalog = fileTempDir('barcat-calendars-').dir;
const dir = path.join(catalog, 'calendars');

function write(name: string, body: UserCalendarFile | string): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return file;
}

const weekdays = (sessions: string[]) => ({
  mon: sessions,
  tue: sessions,
  wed: sessions,
  thu: sessions,
  fri: sessions,
});

beforeAll(() => {
  mkdirSync(dir);
  write('xlon', {
    description: 'London Stock Exchange, continuous trading',
    timeZone: 'Europe/London',
    week: weekdays(['08:00-16:30']),
    holidays: ['2024-03-29', { date: '2024-04-01', name: 'Easter Monday' }, '2024-12-25', '2024-12-26'],
    earlyCloses: [{ date: '2024-12-24', close: '12:30' }],
  });
  write('cme-fx', {
    name: 'cme-fx',
    timeZone: 'America/Chicago',
    week: weekdays(['17:00-16:00']),
  });
  write('xtks', {
    timeZone: 'Asia/Tokyo',
    week: weekdays(['09:00-11:30', '12:30-15:00']),
    holidays: ['2024-01-01', '2024-01-02', '2024-01-03'],
  });
});

describe('user calendars from CATALOG/calendars/*.json', () => {
  it('are found by name only with the catalog dir, and listed with their file', () => {
    expect(findCalendar('xlon')).toBeUndefined();
    expect(findCalendar('XLON', catalog)?.name).toBe('xlon');
    const listed = listCalendars(catalog).calendars.filter((c) => c.source !== 'built-in');
    expect(listed.map((c) => [c.name, c.timeZone, path.basename(c.source)])).toEqual([
      ['cme-fx', 'America/Chicago', 'cme-fx.json'],
      ['xlon', 'Europe/London', 'xlon.json'],
      ['xtks', 'Asia/Tokyo', 'xtks.json'],
    ]);
  });

  it('follow their own time zone across its DST change, holidays and early closes', () => {
    const xlon = findCalendar('xlon', catalog)!;
    // UK summer time starts 2024-03-31; 03-29 and 04-01 are holidays.
    expect(show(xlon.sessions({ from: t('2024-03-28'), to: t('2024-04-03') }, '1m'))).toEqual(
      show([
        { from: t('2024-03-28T08:00Z'), to: t('2024-03-28T16:30Z') },
        { from: t('2024-04-02T07:00Z'), to: t('2024-04-02T15:30Z') },
      ]),
    );
    expect(show(xlon.sessions({ from: t('2024-12-23'), to: t('2024-12-28') }, '1m'))).toEqual(
      show([
        { from: t('2024-12-23T08:00Z'), to: t('2024-12-23T16:30Z') },
        { from: t('2024-12-24T08:00Z'), to: t('2024-12-24T12:30Z') },
        { from: t('2024-12-27T08:00Z'), to: t('2024-12-27T16:30Z') },
      ]),
    );
    expect(xlon.sessions({ from: t('2024-12-23'), to: t('2024-12-28') }, '1d')).toHaveLength(3);
  });

  it('open the evening before when a session’s open is not before its close (overnight)', () => {
    const cme = findCalendar('cme-fx', catalog)!;
    // Trading date Monday 2024-06-03 opens Sunday 17:00 CDT (22:00Z) and stops daily 16:00-17:00.
    expect(show(cme.sessions({ from: t('2024-06-02'), to: t('2024-06-05') }, '1m'))).toEqual(
      show([
        { from: t('2024-06-02T22:00Z'), to: t('2024-06-03T21:00Z') },
        { from: t('2024-06-03T22:00Z'), to: t('2024-06-04T21:00Z') },
        { from: t('2024-06-04T22:00Z'), to: t('2024-06-05T00:00Z') },
      ]),
    );
  });

  it('allow several sessions a day (a lunch break) and flag bars inside the break', () => {
    const xtks = findCalendar('xtks', catalog)!;
    expect(show(xtks.sessions({ from: t('2024-01-03'), to: t('2024-01-05') }, '1m'))).toEqual(
      show([
        { from: t('2024-01-04T00:00Z'), to: t('2024-01-04T02:30Z') },
        { from: t('2024-01-04T03:30Z'), to: t('2024-01-04T06:00Z') },
      ]),
    );
    expect(
      outOfSession(xtks, Float64Array.from([t('2024-01-04T02:29Z'), t('2024-01-04T02:30Z')]), '1m'),
    ).toEqual([1]);
  });

  it('reports each bad file with its path and the field at fault, and skips it', () => {
    const bad = catalogWith({
      'tz.json': { timeZone: 'Mars/Olympus', week: {} },
      'session.json': { timeZone: 'UTC', week: { mon: ['9:30-16:00'] } },
      'overlap.json': { timeZone: 'UTC', week: { mon: ['09:00-12:00', '11:00-13:00'] } },
      'named.json': { name: 'other', timeZone: 'UTC', week: {} },
      'xnys.json': { timeZone: 'UTC', week: {} },
      'extra.json': { timeZone: 'UTC', week: { monday: ['09:00-10:00'] } },
      'date.json': { timeZone: 'UTC', week: {}, holidays: ['2023-02-29'] },
      'broken.json': '{ "timeZone": ',
      'Bad Name.json': { timeZone: 'UTC', week: {} },
      'good.json': { timeZone: 'UTC', week: { sat: ['10:00-12:00'] } },
    });
    const loaded = loadUserCalendars(bad, new Set(['xnys']));
    expect(loaded.calendars.map((c) => c.name)).toEqual(['good']);
    const problems = Object.fromEntries(loaded.problems.map((p) => [path.basename(p.file), p.message]));
    const file = (name: string) => path.join(bad, 'calendars', name);
    expect(problems).toEqual({
      'Bad Name.json': `calendar file ${file('Bad Name.json')}: "bad name" is not a valid calendar name (a-z, 0-9, . _ -); rename the file.`,
      'broken.json': expect.stringMatching(
        /^calendar file .*broken\.json: not valid JSON \(.+\); fix the file\.$/,
      ),
      'date.json': `calendar file ${file('date.json')}: holidays.0: expected a real date as YYYY-MM-DD; fix the file or remove it.`,
      'extra.json': expect.stringMatching(
        /^calendar file .*extra\.json: week: .*"monday".*; fix the file or remove it\.$/,
      ),
      'named.json': `calendar file ${file('named.json')}: name "other" differs from the file name "named"; make them equal.`,
      'overlap.json': `calendar file ${file('overlap.json')}: week.mon has overlapping sessions; fix the file.`,
      'session.json': `calendar file ${file('session.json')}: week.mon.0: expected a session "HH:MM-HH:MM" (open >= close means it opens the evening before); fix the file or remove it.`,
      'tz.json': `calendar file ${file('tz.json')}: timeZone: unknown IANA time zone (e.g. "Europe/London"); fix the file or remove it.`,
      'xnys.json': `calendar file ${file('xnys.json')}: "xnys" is a built-in calendar; rename the file.`,
    });
    expect(listCalendars(bad).problems).toHaveLength(9);
    expect(findCalendar('tz', bad)).toBeUndefined();
    expect(findCalendar('xnys', bad)?.description).toMatch(/^NYSE regular session/);
  });

  it('sees a file change without a restart', () => {
    const cat = catalogWith({ 'desk.json': { timeZone: 'UTC', week: { mon: ['10:00-11:00'] } } });
    const monday = { from: t('2024-06-03'), to: t('2024-06-04') };
    expect(show(findCalendar('desk', cat)!.sessions(monday, '1m'))).toEqual(
      show([{ from: t('2024-06-03T10:00Z'), to: t('2024-06-03T11:00Z') }]),
    );
    writeFileSync(
      path.join(cat, 'calendars', 'desk.json'),
      JSON.stringify({ timeZone: 'UTC', week: { mon: ['10:00-12:00'] }, holidays: [] }),
    );
    expect(show(findCalendar('desk', cat)!.sessions(monday, '1m'))).toEqual(
      show([{ from: t('2024-06-03T10:00Z'), to: t('2024-06-03T12:00Z') }]),
    );
  });

  it('a catalog without a calendars folder simply has none', () => {
    const empty = mkdtempSync(path.join(catalog, 'empty-'));
    expect(loadUserCalendars(empty)).toEqual({ calendars: [], files: new Map(), problems: [] });
    expect(findCalendar('xlon', empty)).toBeUndefined();
  });
});

function catalogWith(files: Record<string, unknown>): string {
  const root = mkdtempSync(path.join(catalog, 'cat-'));
  mkdirSync(path.join(root, 'calendars'));
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(path.join(root, 'calendars', name), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return root;
}
