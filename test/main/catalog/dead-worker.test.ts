import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { recoverFromDeadWorker } from '../../../src-main/catalog/dead-worker';
import { batchFromBars, openCatalog } from '../../../src-main/catalog/index';
import { acquireWriteLock } from '../../../src-main/catalog/lock';
import { runMaintenance } from '../../../src-main/catalog/maintenance';
import { minuteBars, repoRoot, T0, tempDir } from './helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;

/** Runs the dying writer in a real worker thread; resolves with its thread id once it has exited. */
function dyingWriter(dir: string): Promise<number> {
  const entry = pathToFileURL(path.join(repoRoot, 'test/main/catalog/dying-writer-worker.ts')).href;
  const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  const w = new Worker(code, { eval: true, workerData: { dir } });
  const thread = w.threadId;
  return new Promise((resolve, reject) => {
    w.once('error', reject);
    w.once('exit', (code) => (code === 1 ? resolve(thread) : reject(new Error(`exit ${code}`))));
  });
}

async function catalogWithBars(dir: string): Promise<void> {
  const cat = await openCatalog(dir);
  await cat.write(KEY, batchFromBars(minuteBars(T0, 10)), 'merge');
  await cat.close();
}

describe('a worker thread that dies holding the catalog lock', () => {
  it('blocks writers (its pid is alive) until the app frees its lock and sweeps its leftovers', async () => {
    const { dir, cleanup } = tempDir('barcat-dead-worker-');
    try {
      await catalogWithBars(dir);
      const thread = await dyingWriter(dir);
      const cat = await openCatalog(dir, { lockWaitMs: 50 });
      await expect(cat.write(KEY, batchFromBars(minuteBars(T0 + 600_000, 1)), 'merge')).rejects.toThrow(
        `catalog is being written by pid ${process.pid}`,
      );
      // Another thread's death is not this lock's: it stays.
      await recoverFromDeadWorker(dir, { details: { threadId: thread + 1000 } });
      expect(existsSync(path.join(dir, '.lock'))).toBe(true);

      await recoverFromDeadWorker(dir, { details: { threadId: thread } });
      expect(existsSync(path.join(dir, '.lock'))).toBe(false);
      expect(readdirSync(path.join(dir, 'manifests')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      const r = await cat.write(KEY, batchFromBars(minuteBars(T0 + 600_000, 1)), 'merge');
      expect(r.added).toBe(1);
      await cat.close();
    } finally {
      cleanup();
    }
  });
});

describe('verify behind a write of the same app', () => {
  it('waits for the app’s own writer instead of failing, then runs', async () => {
    const { dir, cleanup } = tempDir('barcat-maint-wait-');
    try {
      await catalogWithBars(dir);
      const release = await acquireWriteLock(dir, { waitMs: 0 });
      let finished = false;
      const run = runMaintenance(dir, 'verify', { lockWaitMs: 20 }).then((r) => {
        finished = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(finished).toBe(false);
      await release();
      const result = await run;
      expect(result).toMatchObject({ kind: 'verify', partitionsChecked: 1, ok: 1, quarantined: [] });
    } finally {
      cleanup();
    }
  });
});
