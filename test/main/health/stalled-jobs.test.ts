import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/app/events';
import { JobRegistry } from '../../../src-main/app/jobs';
import { jobsDir, listJobFiles } from '../../../src-main/engines/catalog/index';
import { DEFAULT_STALL_MS } from '../../../src-shared/domain/health';
import { cliAt } from '../backfill/cli-io';
import { MIN, tempCatalog } from '../backfill/helpers';

const T = Date.UTC(2026, 11, 7, 9); // Monday 09:00 UTC

describe('stalled jobs', () => {
  let cat: Awaited<ReturnType<typeof tempCatalog>>;
  let now = T;
  let jobs: JobRegistry;
  beforeEach(async () => {
    now = T;
    cat = await tempCatalog();
    jobs = new JobRegistry(null, new EventBus(), () => now);
    jobs.open(cat.dir);
  });
  afterEach(async () => {
    jobs.cancelRunning();
    await cat.cleanup();
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
    expect(listJobFiles(jobsDir(cat.dir))[0]!.view.heartbeatAt).toBe(T + DEFAULT_STALL_MS + 1);
  });

  it('barcat jobs and barcat health show it; cancel stops it', async () => {
    const job = jobs.start('import', 'Import a.csv', 'rows');
    const later = T + DEFAULT_STALL_MS + MIN;
    const list = await cliAt(later, ['jobs', '--catalog', cat.dir]);
    expect(list.out).toContain(`${job.id}  import  running (stalled)  0 rows`);
    const health = await cliAt(later, ['health', '--catalog', cat.dir, '--json']);
    expect(health.code).toBe(1);
    expect(JSON.parse(health.out).catalog).toEqual([
      { code: 'stalled_job', jobId: job.id, silentMs: DEFAULT_STALL_MS + MIN },
    ]);
    expect(jobs.cancel(job.id)).toBe(true);
    expect(job.signal.aborted).toBe(true);
    job.finish('cancelled');
    now = later;
    expect(await stalledOf(job.id)).toBeUndefined();
    expect((await cliAt(later, ['health', '--catalog', cat.dir])).code).toBe(0);
  });
});
