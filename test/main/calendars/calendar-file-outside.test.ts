import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCalendar, listCalendars, requireCalendar } from '../../../src-main/engines/calendars/index';
import { BarcatError } from '../../../src-main/plumbing/errors';
import { fileTempDir } from '../catalog/helpers';

// A valid calendar file outside the catalog: only the path check keeps it from being loaded.
const outside = fileTempDir('barcat-outside-').dir;
const target = path.join(outside, 'xout.json');
const linkedDir = path.join(outside, 'calendars');
const catalog = fileTempDir('barcat-calendars-').dir;
const link = path.join(catalog, 'calendars', 'xout.json');
// A catalog whose whole calendars folder is a link out of it.
const catalog2 = fileTempDir('barcat-calendars-').dir;

beforeAll(() => {
  writeFileSync(target, JSON.stringify({ timeZone: 'Europe/London', week: { mon: ['08:00-16:30'] } }));
  mkdirSync(linkedDir);
  writeFileSync(
    path.join(linkedDir, 'xdir.json'),
    JSON.stringify({ timeZone: 'UTC', week: { mon: ['08:00-16:30'] } }),
  );
  mkdirSync(path.join(catalog, 'calendars'));
  symlinkSync(target, link);
  writeFileSync(
    path.join(catalog, 'calendars', 'xin.json'),
    JSON.stringify({ timeZone: 'Asia/Tokyo', week: { mon: ['09:00-15:00'] } }),
  );
  symlinkSync(linkedDir, path.join(catalog2, 'calendars'));
});

describe('user calendar files are read only inside the catalog', () => {
  it('refuses a calendar file that is a link leading out of the catalog, naming the file', () => {
    expect(findCalendar('xout', catalog)).toBeUndefined();
    let error: unknown;
    try {
      requireCalendar('xout', catalog);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BarcatError);
    expect((error as BarcatError).message).toBe(
      `${link} resolves to ${target}, outside the catalog ${catalog}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"`,
    );
    const list = listCalendars(catalog);
    expect(list.problems.map((p) => p.file)).toEqual([link]);
    // The other calendar files of the folder still load.
    expect(list.calendars.filter((c) => c.source !== 'built-in').map((c) => c.name)).toEqual(['xin']);
  });

  it('lists nothing from a calendars folder that is a link out of the catalog, and says why', () => {
    const list = listCalendars(catalog2);
    expect(list.calendars.filter((c) => c.source !== 'built-in')).toEqual([]);
    expect(list.problems).toEqual([
      {
        file: path.join(catalog2, 'calendars'),
        message: `${path.join(catalog2, 'calendars')} resolves to ${linkedDir}, outside the catalog ${catalog2}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"`,
      },
    ]);
    expect(findCalendar('xdir', catalog2)).toBeUndefined();
  });
});
