import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { takeUpdateLock } from '../../../src-main/engines/backfill/keep-current/update-lock';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import { sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import type { JobView } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { DAY, HOUR, MINUTE as MIN } from '../../../src-shared/domain/timeframe';
import { jobEnded } from '../../helpers/job-end';
import { expectedBars, TEST_KEYS } from '../../helpers/provider-server/index';
import { clockedCoreEach, seedBinanceSeries, T0 } from './helpers';

// The app's scheduler with the core's injectable clock: due schedules run as jobs of kind "schedule".
const BTC = 'BINANCE:BTCUSDT:1h';

const { core, server, now, advance, tick, call } = clockedCoreEach('barcat-schedules-', (env, clock) =>
  seedBinanceSeries(env, BTC, { symbol: 'BTCUSDT', tf: HOUR, from: T0, to: T0 + 2 * DAY, now: clock }),
);

const scheduleJobs = async () =>
  (await call('listJobs'))
    .filter((j) => j.kind === 'schedule' && j.title.startsWith('Keep current'))
    .sort((a, b) => a.createdAt - b.createdAt);
const summary = (j: JobView) => [j.state, j.title, j.message, j.seriesIds];

describe('the app runs due schedules as jobs', () => {
  it('runs a new "every" schedule at once, catches up once after a sleep, and never overlaps another update', async () => {
    let told = 0;
    core().events.subscribe((name) => {
      if (name === 'schedulesChanged') told++;
    });
    const view = await call('setSchedule', { target: { series: BTC }, rule: { kind: 'every', minutes: 60 } });
    expect([view.schedule.id, view.nextRunAt]).toEqual(['BINANCE-BTCUSDT-1h', now()]);
    await core().scheduler.idle();
    const title = 'Keep current: BINANCE:BTCUSDT:1h (every 60 min)';
    expect((await scheduleJobs()).map(summary)).toEqual([['done', title, '1 series, 0 bars written', [BTC]]]);
    // Set, then ran (its state saved after its job ended): the renderer re-reads both times.
    expect(told).toBe(2);

    // Asleep for ten hours: one run, the ten closed bars in one job.
    await tick(10 * HOUR);
    expect((await scheduleJobs()).map(summary).slice(1)).toEqual([
      ['done', title, '1 series, 10 bars written', [BTC]],
    ]);
    const after = (await call('listSchedules')).schedules[0]!;
    expect([after.nextRunAt, after.state.lastRunAt, after.state.lastOutcome]).toEqual([
      now() + HOUR,
      now(),
      'ok',
    ]);
    // Two looks at once: one run.
    advance(2 * HOUR);
    core().scheduler.poke();
    core().scheduler.poke();
    await core().scheduler.idle();
    expect((await scheduleJobs()).length).toBe(3);

    // `barcat update` from cron holds the catalog: the due schedule waits, nothing is fetched.
    const release = await takeUpdateLock(core().catalog().dir);
    const sent = server().requests.length;
    try {
      await tick(2 * HOUR);
    } finally {
      await release();
    }
    expect([(await scheduleJobs()).length, server().requests.length]).toEqual([3, sent]);
    await tick(0);
    expect((await scheduleJobs()).map(summary).at(-1)).toEqual([
      'done',
      title,
      '1 series, 2 bars written',
      [BTC],
    ]);
  });

  it('a failing run backs off and its parked range is a dead letter; retrying runs as a job and leaves what the source refused for good', async () => {
    await call('setSchedule', { target: { series: BTC }, rule: { kind: 'hourly', minute: 5 } });
    // 400 is refused for good: parked at once, no retries.
    server().inject({ kind: '400', times: 100, pathPrefix: '/api/v3/klines' });
    await tick(HOUR);
    const [failed] = await scheduleJobs();
    expect(failed!.state).toBe('failed');
    expect(failed!.problems[0]).toMatch(
      /^BINANCE:BTCUSDT:1h failed: Binance spot rejected the request \(HTTP 400: /,
    );
    const s = (await call('listSchedules')).schedules[0]!;
    expect([s.state.failures, s.backingOff, s.state.backoffUntil]).toEqual([1, true, now() + 5 * MIN]);
    const letters = await call('listDeadLetters');
    expect(letters.map((l) => [l.kind, l.series, l.count, l.permanent])).toEqual([
      ['parked', [BTC], 1, true],
    ]);

    server().clearFaults();
    const { jobId } = await call('retryDeadLetters');
    for (;;) {
      const job = (await call('listJobs')).find((j) => j.id === jobId)!;
      if (job.state !== 'running') {
        expect([job.kind, job.title, job.state, job.message]).toEqual([
          'schedule',
          'Retry dead letters',
          'failed',
          '1 retried, 1 still failing',
        ]);
        expect(job.problems[0]).toMatch(
          /^parked bf-\S+: refused for good: Binance spot rejected the request \(HTTP 400: /,
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await call('listDeadLetters')).length).toBe(1);
    // Once the source answers, the next due run brings the series current: hourly at :05 is later
    // than the back-off's end (01:35), so it runs at 02:05.
    await tick(5 * MIN);
    expect((await scheduleJobs()).length).toBe(1);
    await tick(30 * MIN);
    const s2 = (await call('listSchedules')).schedules[0]!;
    expect([s2.state.failures, s2.state.lastOutcome, s2.backingOff]).toEqual([0, 'ok', false]);
    expect((await core().catalog().availability(parseSeriesId(BTC))).last).toBe(now() - HOUR - 5 * MIN);
  });

  it('setSchedule refuses an unknown series and an unknown calendar; removeSchedule removes', async () => {
    await expect(
      call('setSchedule', { target: { series: 'BINANCE:NOPE:1h' }, rule: { kind: 'every', minutes: 5 } }),
    ).rejects.toThrow(/BINANCE:NOPE:1h is not in the catalog/);
    await expect(
      call('setSchedule', {
        target: { series: BTC },
        rule: { kind: 'session-close', calendar: 'nope', delayMinutes: 0 },
      }),
    ).rejects.toThrow(/calendar "nope" is not known/);
    await call('setSchedule', {
      target: { series: BTC },
      rule: { kind: 'daily', at: '18:00', timeZone: 'Europe/London' },
    });
    await call('removeSchedule', { id: 'BINANCE-BTCUSDT-1h' });
    expect((await call('listSchedules')).schedules).toEqual([]);
  });
});

describe("the app reads the catalog's settings file like the CLI", () => {
  it('a backfill uses its base URL and the key from the variable it names; the key is never stored or shown', async () => {
    const file = sharedSettingsPath(core().catalog().dir);
    await call('setSettings', { providers: { 'binance-spot': { baseUrl: '' } } });
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        providers: {
          'binance-spot': { baseUrl: server().url },
          polygon: { baseUrl: server().url, keyEnv: 'BARCAT_TEST_POLYGON' },
        },
      }),
    );
    const hole = { from: T0 + DAY + 15 * HOUR, to: T0 + DAY + 17 * HOUR };
    const bars = expectedBars(server().spec, 'AAPL', HOUR, T0, T0 + 2 * DAY, now()).filter(
      (b) => b.ts < hole.from || b.ts >= hole.to,
    );
    await core().catalog().write(parseSeriesId('XNAS:AAPL:1h'), batchFromBars(bars), 'merge');
    await call('setSeriesProvider', { id: 'XNAS:AAPL:1h', provider: 'polygon' });
    process.env.BARCAT_TEST_POLYGON = TEST_KEYS.polygonKey;
    try {
      const { jobId } = await call('startBackfill', { id: 'XNAS:AAPL:1h', ranges: [hole] });
      const job = await jobEnded(() => call('listJobs'), jobId);
      expect([job.state, job.message]).toEqual(['done', '2 bars written']);
    } finally {
      delete process.env.BARCAT_TEST_POLYGON;
    }
    expect(server().requests.map((r) => r.path)).toEqual([
      '/v2/aggs/ticker/AAPL/range/1/hour/' + `${hole.from}/${hole.to - 1}`,
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain(TEST_KEYS.polygonKey);
    expect(JSON.stringify(await call('getSettings'))).not.toContain(TEST_KEYS.polygonKey);
  });
});
