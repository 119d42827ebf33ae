import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/app/core/events';
import { JobRegistry } from '../../../src-main/app/core/jobs';
import { JobStore } from '../../../src-main/engines/backfill/index';
import { batchFromBars, jobsDir, listJobFiles } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { DEFAULT_STALL_MS } from '../../../src-shared/domain/series-views/health';
import { deadPid } from '../../helpers/dead-pid';
import { expectedBars } from '../../helpers/provider-server/index';
import { cliAt } from '../backfill/cli-io';
import { DAY, HOUR, MIN, serverAndCatalog, T0 } from '../backfill/helpers';
import { catalogEach } from '../catalog/helpers';

const T = Date.UTC(2026, 11, 7, 9); // Monday 09:00 UTC

describe('stalled jobs', () => {
  // Registered first: the catalog is made before the registry opens it and closed after it is stopped.
  const cat = catalogEach('barcat-stalled-');
  let now = T;
  let jobs: JobRegistry;
  beforeEach(() => {
    now = T;
    jobs = new JobRegistry(null, new EventBus(), () => now);
    jobs.open(cat().dir);
  });
  afterEach(() => {
    jobs.cancelRunning();
  });

  const stalledOf = async (id: string) => (await jobs.all()).find((j) => j.id === id)?.stalled;

  it('a running job without a heartbeat for the stall time is marked stalled; progress clears it', async () => {
    const job = jobs.start('import', 'Import a.csv', 'rows');
    now = T + DEFAULT_STALL_MS;
    expect(await stalledOf(job.id)).toBeUndefined(); // exactly the stall time: not yet
    now = T + DEFAULT_STALL_MS + 1;
    expect(await stalledOf(job.id)).toBe(true);
    job.progress(10, 100);
    expect(await stalledOf(job.id)).toBeUndefined();
    // The heartbeat reaches the job file (saved at most every 5 s), so other processes see it too.
    expect(listJobFiles(jobsDir(cat().dir))[0]!.view.heartbeatAt).toBe(T + DEFAULT_STALL_MS + 1);
  });

  it('barcat jobs and barcat health show it; cancel stops it', async () => {
    const job = jobs.start('import', 'Import a.csv', 'rows');
    const later = T + DEFAULT_STALL_MS + MIN;
    const list = await cliAt(later, ['jobs', '--catalog', cat().dir]);
    expect(list.out).toContain(`${job.id}  import  running (stalled)  0 rows`);
    const health = await cliAt(later, ['health', '--catalog', cat().dir, '--json']);
    expect(health.code).toBe(1);
    expect(JSON.parse(health.out).catalog).toEqual([
      { code: 'stalled_job', jobId: job.id, silentMs: DEFAULT_STALL_MS + MIN },
    ]);
    expect(jobs.cancel(job.id)).toBe(true);
    expect(job.signal.aborted).toBe(true);
    job.finish('cancelled');
    now = later;
    expect(await stalledOf(job.id)).toBeUndefined();
    expect((await cliAt(later, ['health', '--catalog', cat().dir])).code).toBe(0);
  });
});

describe('barcat jobs resume', () => {
  const NOW = T0 + 2 * DAY;
  const f = serverAndCatalog(NOW, { symbols: ['BTCUSDT'] });

  it('stops a backfill left running and starts its request again; an app job is refused', async () => {
    const key = parseSeriesId('BINANCE:BTCUSDT:1h');
    const bars = expectedBars(f.server.spec, 'BTCUSDT', HOUR, T0, T0 + DAY, NOW);
    await f.cat.catalog.write(
      key,
      batchFromBars(bars.filter((b) => b.ts < T0 + 6 * HOUR || b.ts >= T0 + 9 * HOUR)),
      'skip',
    );
    // A backfill of the gap whose process died mid-run (its file still says running).
    const request = {
      series: 'BINANCE:BTCUSDT:1h',
      provider: 'binance-spot' as const,
      from: T0,
      to: T0 + DAY,
      baseUrl: f.server.url,
    };
    const job = {
      id: 'bf-stuck',
      kind: 'backfill' as const,
      state: 'running' as const,
      series: request.series,
      provider: request.provider,
      range: { from: T0, to: T0 + DAY },
      createdAt: T0,
      startedAt: T0,
      endedAt: null,
      progress: { requestsDone: 0, requestsTotal: 1, barsWritten: 0, rate: null, etaMs: null },
      parked: [],
      attempts: [],
      summary: null,
    };
    await new JobStore(f.cat.dir).save({ job, request, ownerPid: deadPid() });
    const r = await cliAt(NOW, ['jobs', 'resume', 'bf-stuck', '--catalog', f.cat.dir]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/^job bf-\S+ done: BINANCE:BTCUSDT:1h from binance-spot/);
    expect((await new JobStore(f.cat.dir).load('bf-stuck'))?.job.state).toBe('cancelled');
    expect((await f.cat.catalog.availability(key)).gaps).toEqual([]);
    expect(
      f.server.requests.filter((q) => q.path === '/api/v3/klines').map((q) => Number(q.query.startTime)),
    ).toEqual([T0 + 6 * HOUR]);

    const jobs = new JobRegistry(null, new EventBus(), () => NOW);
    jobs.open(f.cat.dir);
    const imp = jobs.start('import', 'Import a.csv', 'rows');
    const refused = await cliAt(NOW, ['jobs', 'resume', imp.id, '--catalog', f.cat.dir]);
    expect([refused.code, refused.err]).toEqual([
      2,
      `barcat: Import a.csv (${imp.id}) cannot be resumed; cancel it and start it again\n`,
    ]);
    imp.finish('cancelled');
  });
});
