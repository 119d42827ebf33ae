import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { importWorkerThreads } from '../../../src-main/engines/import/readers';
import { runTickImport } from '../../../src-main/engines/import/ticks/tick-import';
import { expectCancelledUnwritten, tickWorkspaces } from './helpers';

const workspace = tickWorkspaces();

describe('a tick import in a worker thread reports progress and can be cancelled', () => {
  it('cancelled at its first progress: nothing written, no staging left', async () => {
    const ws = await workspace();
    const file = path.join(ws.dir, 'BTCUSDT-trades-2024-01-02.csv');
    const t0 = 1704153600000;
    const lines = Array.from({ length: 400_000 }, (_, i) => `${i + 1},100.5,0.5,50.25,${t0 + i * 100},false`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const catalog = await openCatalog(ws.catalog);
    const ac = new AbortController();
    const seen: number[] = [];
    try {
      const r = await runTickImport(
        catalog,
        {
          paths: [file],
          options: { ticks: 'both', timeframe: '1m' },
          onError: 'reject',
          mode: 'merge',
          force: false,
        },
        {
          signal: ac.signal,
          onProgress: (_f, p) => {
            seen.push(p.bytes);
            ac.abort();
          },
        },
      );
      expect(r.status).toBe('cancelled');
      await expectCancelledUnwritten(r, file, catalog, ws.catalog);
      // Read by an import worker, which reported progress before the end of the file.
      expect(importWorkerThreads().length).toBeGreaterThan(0);
      expect(seen[0]).toBeLessThan(lines.join('\n').length);
    } finally {
      await catalog.close();
    }
  });
});
