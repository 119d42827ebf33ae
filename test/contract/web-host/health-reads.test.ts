import fs, { writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMetrics } from '../../../src-main/app/core/metrics';
import { finishedJob, tempCoreOf } from '../temp-core';

const T0 = Date.UTC(2026, 11, 1);
const { call, dir, core } = tempCoreOf('barcat-health-reads-', { now: () => T0 + 3 * 86_400_000 });

/** Counts the reads of each file inside the catalog (both ways the engines read: sync and promise) while `work` runs. */
async function readsDuring(work: () => Promise<unknown>): Promise<Map<string, number>> {
  const reads = new Map<string, number>();
  const catalog = path.join(dir(), 'catalog');
  const count = (f: unknown) => {
    const name = String(f);
    if (name.startsWith(catalog))
      reads.set(path.relative(catalog, name), (reads.get(path.relative(catalog, name)) ?? 0) + 1);
  };
  const sync = fs.readFileSync;
  const promised = fs.promises.readFile;
  fs.readFileSync = ((f: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    count(f);
    return (sync as (...a: unknown[]) => unknown)(f, ...rest);
  }) as typeof fs.readFileSync;
  fs.promises.readFile = ((f: fs.PathLike, ...rest: unknown[]) => {
    count(f);
    return (promised as (...a: unknown[]) => unknown)(f, ...rest);
  }) as typeof fs.promises.readFile;
  // The engines import readFileSync by name: the named export follows the patched property.
  syncBuiltinESMExports();
  try {
    await work();
  } finally {
    fs.readFileSync = sync;
    fs.promises.readFile = promised;
    syncBuiltinESMExports();
  }
  return reads;
}
afterEach(() => syncBuiltinESMExports());

async function seriesAndJob(): Promise<void> {
  const file = path.join(dir(), 'TEST_READS_1h.csv');
  writeFileSync(file, 'timestamp,open,high,low,close,volume\n2026-12-01T00:00:00Z,1,2,0.5,1.5,10\n');
  const { jobId } = await call<{ jobId: string }>('startImport', {
    files: [{ path: file, overrides: { venue: 'TEST', symbol: 'READS', timeframe: '1h' } }],
    mode: 'merge',
  });
  expect((await finishedJob(call, jobId)).state).toBe('done');
  await call('setSeriesHealth', { id: 'TEST:READS:1h', notify: true });
}

/** Files read more than once. */
const repeated = (reads: Map<string, number>) => [...reads].filter(([, n]) => n > 1);

describe('/metrics and the health watch read each file of the catalog once per request', () => {
  it('a scrape reads each manifest, job file and settings file once', async () => {
    await seriesAndJob();
    const reads = await readsDuring(() => renderMetrics(core().catalog(), T0));
    expect([...reads.keys()].some((f) => f.startsWith('jobs'))).toBe(true);
    expect([...reads.keys()].some((f) => f.startsWith('manifests'))).toBe(true);
    expect(repeated(reads)).toEqual([]);
  });

  it('a health check reads each file once and alerts from that one read', async () => {
    await seriesAndJob();
    let alerts: unknown[] = [];
    const reads = await readsDuring(async () => {
      alerts = await core().healthWatch.check();
    });
    expect(alerts).toHaveLength(1);
    expect(repeated(reads)).toEqual([]);
  });
});
