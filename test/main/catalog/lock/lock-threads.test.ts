import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openCatalog, tableToBars, type WriteResult } from '../../../../src-main/engines/catalog/index';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { minuteBars, repoRoot, T0, tempDir } from '../helpers';

function runWorker(dir: string, start: number): Promise<WriteResult> {
  // Workers do not inherit vitest's TypeScript loader: register tsx inside the worker, then load the entry.
  const entry = pathToFileURL(path.join(repoRoot, 'test/main/catalog/lock/lock-worker.ts')).href;
  const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  const w = new Worker(code, { eval: true, workerData: { dir, bars: minuteBars(start, 500) } });
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
}

describe('single writer across worker threads of one process', () => {
  it('serializes writes from two workers: both land, nothing is lost', async () => {
    const { dir, cleanup } = tempDir('barcat-threads-');
    try {
      const results = await Promise.all([runWorker(dir, T0), runWorker(dir, T0 + 1000 * MINUTE)]);
      expect(results.map((r) => r.added)).toEqual([500, 500]);
      const cat = await openCatalog(dir);
      const bars = tableToBars(
        await cat.query({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' }, undefined),
      );
      expect(bars).toEqual([...minuteBars(T0, 500), ...minuteBars(T0 + 1000 * MINUTE, 500)]);
      await cat.close();
    } finally {
      cleanup();
    }
  });
});
