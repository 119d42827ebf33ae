import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocBatch, openCatalog, readManifest } from '../../src-main/engines/catalog/index';
import { StagedBars } from '../../src-main/engines/databases/import/staged-bars';
import { runDbImport } from '../../src-main/engines/databases/index';
import { parseSeriesId } from '../../src-shared/domain/series';
import { fileTempDir } from '../main/catalog/helpers';
import { barsOf, barsTable, catalogBars, minuteRows, minutesMigration, watermarkRows } from './helpers';

const tmp = fileTempDir('barcat-pgstaged-');

// 2 symbols x 1500 minutes from Jan 31 20:00: per symbol 240 January and 1260 February rows, read interleaved.
const a = minuteRows('KRAKEN', 'XBTEUR', '2024-01-31T20:00:00Z', 1500, 30000);
const b = minuteRows('KRAKEN', 'ETHEUR', '2024-01-31T20:00:00Z', 1500, 2000);

async function migrate(dir: string, chunkRows: number, stageRows: number) {
  return runDbImport(await minutesMigration('staged', dir, { chunkRows, stageRows }));
}

async function generation(dir: string, series: string): Promise<number | undefined> {
  return (await readManifest(dir, parseSeriesId(series)))?.generation;
}

describe('a migration stages its partitions and commits once per --chunk-rows', () => {
  beforeAll(async () => {
    await barsTable('staged', [...a, ...b]);
  });

  // One chunk: 12 read steps of 250 rows, one commit. Chunks of 1000 rows: per series January and February
  // at the first commit, February again at the second and third (only the open partition re-merged).
  it.each([
    ['one', 100_000, 4, 1],
    ['three', 1000, 8, 3],
  ])(
    'into %s: chunks of %i rows write %i partitions and commit each series %i times',
    async (sub, chunkRows, partitions, commits) => {
      const dir = path.join(tmp.dir, sub);
      const r = await migrate(dir, chunkRows, 250);
      expect(r.written).toEqual({
        added: 3000,
        replaced: 0,
        removed: 0,
        skipped: 0,
        partitionsWritten: partitions,
      });
      expect(await generation(dir, 'KRAKEN:XBTEUR:1m')).toBe(commits);
      expect(await generation(dir, 'KRAKEN:ETHEUR:1m')).toBe(commits);
      expect(await catalogBars(dir, 'KRAKEN:XBTEUR:1m')).toEqual(barsOf(a));
      expect(await catalogBars(dir, 'KRAKEN:ETHEUR:1m')).toEqual(barsOf(b));
      expect(watermarkRows(dir)).toBe(3000);
      expect(existsSync(path.join(dir, '.staging'))).toBe(false);
    },
  );
});

describe('StagedBars', () => {
  it('refuses to stage bars reaching back before a staged partition, and takes them after a commit', async () => {
    const catalog = await openCatalog(path.join(tmp.dir, 'order'), { create: true });
    try {
      const key = parseSeriesId('KRAKEN:XBTEUR:1m');
      const bars = (iso: string, n: number) => {
        const batch = allocBatch(n);
        for (let i = 0; i < n; i++) {
          batch.ts[i] = Date.parse(iso) + i * 60_000;
          batch.open[i] = batch.high[i] = batch.low[i] = batch.close[i] = 100 + i;
          batch.volume[i] = 1;
        }
        return [{ id: 'KRAKEN:XBTEUR:1m', key, batch }];
      };
      const staged = new StagedBars(catalog);
      // February 29 23:58 to March 1 00:01: February is complete (staged), March open.
      expect(await staged.stage(bars('2024-02-29T23:58:00Z', 4))).toBe(true);
      expect(await staged.stage(bars('2024-02-10T00:00:00Z', 3))).toBe(false);
      expect(await staged.commit('skip', { source: 'test' })).toEqual({
        added: 4,
        replaced: 0,
        removed: 0,
        skipped: 0,
        partitionsWritten: 2,
      });
      expect(await staged.stage(bars('2024-02-10T00:00:00Z', 3))).toBe(true);
      expect((await staged.commit('skip', { source: 'test' })).added).toBe(3);
      const ts = (await catalog.query(key, undefined)).getChild('ts')?.toArray();
      expect(Array.from(ts ?? [], Number)).toEqual([
        ...[0, 1, 2].map((i) => Date.parse('2024-02-10T00:00:00Z') + i * 60_000),
        ...[0, 1, 2, 3].map((i) => Date.parse('2024-02-29T23:58:00Z') + i * 60_000),
      ]);
    } finally {
      await catalog.close();
    }
  });
});
