import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/hosts/cli/main';
import { fileTempDir } from '../catalog/helpers';

const catalog = fileTempDir('barcat-cal-cli-').dir;
beforeAll(() => {
  mkdirSync(path.join(catalog, 'calendars'));
  writeFileSync(
    path.join(catalog, 'calendars', 'desk.json'),
    JSON.stringify({ timeZone: 'Europe/London', week: { mon: ['08:00-16:30'] } }),
  );
  writeFileSync(path.join(catalog, 'calendars', 'bad.json'), '{');
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await runCli([...argv, '--catalog', catalog], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {},
    cwd: catalog,
  });
  return { code, out, err };
}

describe('barcat calendars', () => {
  it('lists built-in and user calendars and reports a bad calendar file on stderr', async () => {
    const r = await cli('calendars');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').map((l) => l.split(/\s+/)[0])).toEqual([
      '24x7',
      'fx',
      'xnys',
      'xnas',
      'xnys-ext',
      'xnas-ext',
      'desk',
      '',
    ]);
    expect(r.err).toMatch(/^barcat: calendar file .*bad\.json: not valid JSON \(.*\); fix the file\.\n$/);
  });

  it('prints the sessions of one calendar in a range, in UTC', async () => {
    const r = await cli('calendars', 'xnys', '--from', '2024-11-27', '--to', '2024-12-03');
    expect(r).toEqual({
      code: 0,
      out: '2024-11-27 14:30Z -> 21:00Z\n2024-11-29 14:30Z -> 18:00Z\n2024-12-02 14:30Z -> 21:00Z\n',
      err: '',
    });
    const daily = await cli(
      'calendars',
      'desk',
      '--from',
      '2024-06-01',
      '--to',
      '2024-06-11',
      '--timeframe',
      '1d',
      '--json',
    );
    expect(JSON.parse(daily.out)).toEqual({
      calendar: 'desk',
      timeZone: 'Europe/London',
      sessions: [
        { from: Date.parse('2024-06-03T00:00Z'), to: Date.parse('2024-06-04T00:00Z') },
        { from: Date.parse('2024-06-10T00:00Z'), to: Date.parse('2024-06-11T00:00Z') },
      ],
    });
  });

  it('fails with one clear line for an unknown calendar (exit 1), a broken calendar file or a bad date (exit 2)', async () => {
    expect(await cli('calendars', 'nope')).toEqual({
      code: 1,
      out: '',
      err: 'barcat: calendar "nope" is not known; use one of 24x7, fx, xnys, xnas, xnys-ext, xnas-ext, desk.\n',
    });
    const bad = await cli('calendars', 'bad');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^barcat: calendar file .*bad\.json: not valid JSON \(.*\); fix the file\.\n$/);
    expect(await cli('calendars', 'xnys', '--to', 'soon')).toEqual({
      code: 2,
      out: '',
      err: 'barcat: --to "soon" is not a date; use YYYY-MM-DD or an ISO time.\n',
    });
  });
});
