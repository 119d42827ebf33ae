import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, jobsDir, writeJobFile } from '../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import type { JobView } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { deadPid } from '../../helpers/dead-pid';
import { cliAt } from '../backfill/cli-io';
import { DAY, HOUR } from '../backfill/helpers';
import { catalogEach } from '../catalog/helpers';

const AAPL = parseSeriesId('NASDAQ:AAPL:1d');
const MON = Date.UTC(2026, 10, 30); // Monday 2026-11-30
const FRI = MON + 4 * DAY; // its Friday: the last bar
const SUNDAY_NOON = FRI + 2 * DAY + 12 * HOUR;
const TUESDAY_NOON = FRI + 4 * DAY + 12 * HOUR;

function bar(ts: number) {
  return { ts, open: 10, high: 11, low: 9, close: 10.5, volume: 100 };
}

/** AAPL's daily bars of the week of MON, on the Nasdaq calendar. */
async function seedAaplWeek(cat: Catalog): Promise<void> {
  await cat.write(AAPL, batchFromBars([0, 1, 2, 3, 4].map((d) => bar(MON + d * DAY))), 'skip');
  await cat.setCalendar(AAPL, 'xnas');
}

function backfillView(id: string, state: JobView['state'], over: Partial<JobView> = {}): JobView {
  return {
    id,
    kind: 'backfill',
    title: 'Backfill NASDAQ:AAPL:1d from alpaca',
    state,
    createdAt: FRI + DAY,
    finishedAt: FRI + DAY + 1000,
    done: 1,
    total: 1,
    unit: 'requests',
    ratePerSec: null,
    etaMs: null,
    message: null,
    problems: [],
    parked: 0,
    seriesIds: ['NASDAQ:AAPL:1d'],
    ...over,
  };
}

describe('barcat health', () => {
  const cat = catalogEach('barcat-health-', seedAaplWeek);

  const health = async (now: number, args: string[] = []) => {
    const r = await cliAt(now, ['health', '--catalog', cat().dir, ...args]);
    return { ...r, json: r.code !== 2 && args.includes('--json') ? JSON.parse(r.out) : undefined };
  };

  it('a Friday-close stock series is not stale on Sunday (weekends count no session time)', async () => {
    const r = await health(SUNDAY_NOON, ['--json']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.json).toEqual({
      checkedAt: SUNDAY_NOON,
      healthy: true,
      series: [
        {
          id: 'NASDAQ:AAPL:1d',
          calendar: 'xnas',
          lastBar: FRI,
          lagMs: 0,
          maxLagMs: DAY,
          notify: false,
          lastUpdate: null,
          problems: [],
        },
      ],
      catalog: [],
    });
    const text = await health(SUNDAY_NOON);
    expect([text.code, text.out]).toEqual([
      0,
      'NASDAQ:AAPL:1d (xnas, last bar 2026-12-04T00:00:00Z, 0 ms behind): ok\nhealthy: 1 series\n',
    ]);
  });

  it('on Tuesday it is stale: Monday and half of Tuesday are 36h of session time', async () => {
    const r = await health(TUESDAY_NOON, ['--json']);
    expect(r.code).toBe(1);
    expect(r.json.healthy).toBe(false);
    expect(r.json.series[0]).toEqual({
      id: 'NASDAQ:AAPL:1d',
      calendar: 'xnas',
      lastBar: FRI,
      lagMs: 36 * HOUR,
      maxLagMs: DAY,
      notify: false,
      lastUpdate: null,
      problems: [{ code: 'stale', lastBar: FRI, lagMs: 36 * HOUR, maxLagMs: DAY }],
    });
    const text = await health(TUESDAY_NOON);
    expect(text.out).toBe(
      'NASDAQ:AAPL:1d (xnas, last bar 2026-12-04T00:00:00Z, 1d 12h behind): stale: 1d 12h of session time behind (allowed 1d)\n' +
        'needs attention: 1 of 1 series, 0 catalog problem(s)\n',
    );
    // --max-lag allows more, and so does the series' own setting.
    expect((await health(TUESDAY_NOON, ['--max-lag', '2d'])).code).toBe(0);
    const set = await cliAt(TUESDAY_NOON, [
      'health',
      'set',
      'NASDAQ:AAPL:1d',
      '--max-lag',
      '40h',
      '--catalog',
      cat().dir,
    ]);
    expect([set.code, set.out]).toEqual([0, '{"series":"NASDAQ:AAPL:1d","maxLagMs":144000000}\n']);
    expect((await health(TUESDAY_NOON)).code).toBe(0);
    expect((await health(TUESDAY_NOON + DAY)).code).toBe(1);
  });

  it('a failed last update and parked ranges make the series fail', async () => {
    const dir = jobsDir(cat().dir);
    writeJobFile(dir, {
      view: backfillView('bf-parked', 'parked', { parked: 2, createdAt: FRI + DAY }),
      ownerPid: null,
    });
    writeJobFile(dir, {
      view: backfillView('bf-failed', 'failed', {
        createdAt: FRI + DAY + HOUR,
        message: 'HTTP 500 after 5 attempts',
      }),
      ownerPid: null,
    });
    const r = await health(SUNDAY_NOON, ['--json']);
    expect(r.code).toBe(1);
    expect(r.json.series[0].lastUpdate).toEqual({
      jobId: 'bf-failed',
      state: 'failed',
      at: FRI + DAY + 1000,
    });
    expect(r.json.series[0].problems).toEqual([
      { code: 'update_failed', jobId: 'bf-failed', message: 'HTTP 500 after 5 attempts' },
      { code: 'parked', jobId: 'bf-parked', ranges: 2 },
    ]);
    expect(r.json.catalog).toEqual([]);
  });

  it('a writer lock held by a dead process is a catalog problem', async () => {
    const pid = deadPid();
    await writeFile(
      path.join(cat().dir, '.lock'),
      JSON.stringify({ pid, host: hostname(), startedAt: FRI, token: 't' }),
    );
    const r = await health(SUNDAY_NOON, ['--json']);
    expect(r.code).toBe(1);
    expect(r.json.catalog).toEqual([{ code: 'dead_lock', file: '.lock', pid, since: FRI }]);
    expect(r.json.series[0].problems).toEqual([]);
    // health only reports: the lock is still there afterwards.
    expect(JSON.parse(await readFile(path.join(cat().dir, '.lock'), 'utf8')).pid).toBe(pid);
    // The update lock of a "barcat update" that died is told too.
    await mkdir(jobsDir(cat().dir), { recursive: true });
    await writeFile(
      path.join(jobsDir(cat().dir), 'update.lock'),
      JSON.stringify({ pid, host: hostname(), startedAt: FRI + 1, token: 'u' }),
    );
    expect((await health(SUNDAY_NOON, ['--json'])).json.catalog).toEqual([
      { code: 'dead_lock', file: '.lock', pid, since: FRI },
      { code: 'dead_lock', file: 'jobs/update.lock', pid, since: FRI + 1 },
    ]);
    await rm(path.join(jobsDir(cat().dir), 'update.lock'));
    // A live holder (this test process) is a writer at work, not a problem.
    await writeFile(
      path.join(cat().dir, '.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), startedAt: FRI, token: 't' }),
    );
    expect((await health(SUNDAY_NOON)).code).toBe(0);
  });

  it('a file verify quarantined is reported with its reason', async () => {
    const bars = path.join(cat().dir, 'bars/venue=NASDAQ/symbol=AAPL/timeframe=1d');
    const [file] = await readdir(bars);
    await writeFile(path.join(bars, file!), 'not parquet at all');
    expect((await cliAt(SUNDAY_NOON, ['verify', '--catalog', cat().dir])).code).toBe(1);
    const r = await health(SUNDAY_NOON, ['--json']);
    expect(r.code).toBe(1);
    const problems = [
      ...r.json.catalog,
      ...r.json.series.flatMap((s: { problems: unknown[] }) => s.problems),
    ];
    expect(problems).toEqual([
      {
        code: 'quarantined',
        file: `.quarantine/bars/venue=NASDAQ/symbol=AAPL/timeframe=1d/${file}`,
        reason: expect.stringMatching(/sha256|checksum/),
      },
    ]);
  });

  it('usage errors exit 2', async () => {
    const r = await health(SUNDAY_NOON, ['--max-lag', '3 days']);
    expect([r.code, r.err]).toEqual([
      2,
      'barcat: --max-lag: "3 days" is not a duration; use a whole number and a unit, e.g. 90m, 6h, 2d, 1w; usage: barcat health [--max-lag DURATION] [--json] | health set SERIES [--max-lag DURATION|default] [--notify on|off|default]\n',
    ]);
    expect((await health(SUNDAY_NOON, ['extra'])).code).toBe(2);
  });
});

describe('barcat health and schedules', () => {
  const cat = catalogEach('barcat-health-', seedAaplWeek);

  it('a schedule that should have run by now is overdue (the app was closed and no cron runs it)', async () => {
    // Set on Friday 12:00 UTC: due at 18:00 New York (23:00 UTC) that day.
    const add = await cliAt(FRI + 12 * HOUR, [
      'schedule',
      'add',
      'NASDAQ:AAPL:1d',
      '--daily',
      '18:00',
      '--tz',
      'America/New_York',
      '--catalog',
      cat().dir,
    ]);
    expect(add.code).toBe(0);
    const due = FRI + 23 * HOUR;
    const within = await cliAt(due + 10 * 60_000, ['health', '--json', '--catalog', cat().dir]);
    expect(within.code).toBe(0);
    const r = await cliAt(SUNDAY_NOON, ['health', '--json', '--catalog', cat().dir]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).series[0].problems).toEqual([
      { code: 'schedule_overdue', due, schedule: 'NASDAQ-AAPL-1d' },
    ]);
  });
});

describe('barcat health and a schedule the series keeps', () => {
  const last = MON + 12 * HOUR;
  const cat = catalogEach('barcat-health-', async (c) => {
    await c.write(
      parseSeriesId('BINANCE:BTCUSDT:1m'),
      batchFromBars([bar(last - 60_000), bar(last)]),
      'skip',
    );
  });

  it('judges a scheduled series by its schedule: every 15 minutes allows 15 minutes and one bar', async () => {
    const health = async (now: number) =>
      JSON.parse((await cliAt(now, ['health', '--json', '--catalog', cat().dir])).out).series[0];
    // Without a schedule a day is allowed: 20 minutes behind is fine.
    expect((await health(last + 20 * 60_000)).problems).toEqual([]);
    const add = await cliAt(last, [
      'schedule',
      'add',
      'BINANCE:BTCUSDT:1m',
      '--every',
      '15',
      '--catalog',
      cat().dir,
    ]);
    expect(add.code).toBe(0);
    expect(await health(last + 10 * 60_000)).toMatchObject({ maxLagMs: 16 * 60_000, problems: [] });
    const late = await health(last + 20 * 60_000);
    expect(late.problems).toContainEqual({
      code: 'stale',
      lastBar: last,
      lagMs: 19 * 60_000, // from the bar's close
      maxLagMs: 16 * 60_000,
    });
    // --max-lag replaces the schedule's allowance too.
    const r = await cliAt(last + 20 * 60_000, [
      'health',
      '--max-lag',
      '1h',
      '--json',
      '--catalog',
      cat().dir,
    ]);
    expect(JSON.parse(r.out).series[0].maxLagMs).toBe(HOUR);
  });
});
