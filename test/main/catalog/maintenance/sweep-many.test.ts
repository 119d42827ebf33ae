import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyManifest } from '../../../../src-main/engines/catalog/disk/manifest';
import { openCatalog, readOps } from '../../../../src-main/engines/catalog/index';
import { removeDeadLeftovers, sweepAll } from '../../../../src-main/engines/catalog/maintenance/sweep';
import { tempDir } from '../helpers';

// The sweep after a crashed writer, over a catalog of thousands of series: each series folder is
// visited once, so each leftover is reported exactly once (counted by what the sweep reports).
const N = 2000;
const DEAD_PID = 2_147_483_000;

describe('the sweep over thousands of series', () => {
  it('reports each series’ leftover temp files and orphan partition exactly once', async () => {
    const { dir: root, cleanup } = tempDir('barcat-sweep-many-');
    try {
      await (await openCatalog(root, { create: true })).close();
      // Nothing to clean: nothing recorded.
      expect(await sweepAll(root)).toEqual({ deleted: [], quarantined: [] });
      expect(await readOps(root)).toEqual([]);
      const temps: string[] = [];
      const deadTemps: string[] = [];
      const orphans: string[] = [];
      for (let i = 0; i < N; i++) {
        const key = { venue: `V${i % 25}`, symbol: `S${i}`, timeframe: '1m' as const };
        const series = path.join(root, 'bars', `venue=${key.venue}`, `symbol=${key.symbol}`, 'timeframe=1m');
        mkdirSync(series, { recursive: true });
        const m = emptyManifest(key, '24/7');
        writeFileSync(path.join(root, 'manifests', `${key.venue}~${key.symbol}~1m.json`), JSON.stringify(m));
        const temp = path.join(series, `.2024-01.v2.parquet.${DEAD_PID}-abc.tmp`);
        writeFileSync(temp, 'half');
        temps.push(temp);
        if (i % 10 === 0) {
          // Quarantining is a few file operations each: one series in ten has an orphan.
          const orphan = path.join(series, '2024-01.v1.parquet');
          writeFileSync(orphan, 'not named in the manifest');
          orphans.push(orphan);
          const dead = path.join(series, `.2024-02.v2.parquet.${DEAD_PID}-def.tmp`);
          writeFileSync(dead, 'half');
          deadTemps.push(dead);
        }
      }
      // A manifest a dead writer had half written: deleted and reported like the partitions' temps.
      const manifestTemp = path.join(root, 'manifests', `.V0~S0~1m.json.${DEAD_PID}-ghi.tmp`);
      writeFileSync(manifestTemp, '{"half');
      deadTemps.push(manifestTemp);
      const swept = await sweepAll(root);
      expect(swept.deleted.length).toBe(N + deadTemps.length);
      expect(new Set(swept.deleted)).toEqual(new Set([...temps, ...deadTemps]));
      expect(swept.quarantined.length).toBe(N / 10);
      expect(new Set(swept.quarantined)).toEqual(new Set(orphans));
      // Each orphan moved once, with its note: no `.TIMESTAMP` copy of a second visit.
      const q = path.join(root, '.quarantine', 'bars', 'venue=V0', 'symbol=S0', 'timeframe=1m');
      expect(readdirSync(q).sort()).toEqual(['2024-01.v1.parquet', '2024-01.v1.parquet.why.txt']);
      // The audit log records the sweep once, with every file by its path inside the catalog.
      const inside = (files: string[]) => new Set(files.map((f) => path.relative(root, f)));
      const ops = await readOps(root);
      expect(ops.map((o) => [o.op, o.by])).toEqual([['sweep', 'recovery']]);
      expect(new Set(ops[0]!.deleted as string[])).toEqual(inside([...temps, ...deadTemps]));
      expect(new Set(ops[0]!.quarantined as string[])).toEqual(inside(orphans));

      // Verify's leftover pass over every series folder: each dead temp file listed once.
      for (const f of deadTemps) writeFileSync(f, 'half');
      const removed = await removeDeadLeftovers(root, { seriesFolders: true });
      expect(removed.length).toBe(deadTemps.length);
      expect(new Set(removed)).toEqual(new Set(deadTemps));
    } finally {
      cleanup();
    }
  }, 180_000);
});
