import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, readOps } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { cli } from '../catalog/cli-io';
import { CLI, minuteBars, T0, tempDir } from '../catalog/helpers';
import { catalogWithTwoImports, cleanVerify, filesWithBytes, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const OTHER: SeriesKey = { venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1m' };
const ID = 'BINANCE:BTCUSDT:1m';

/** The catalog's files byte for byte, less the audit log (which records each operation). */
function catalogState(dir: string) {
  const all = filesWithBytes(dir);
  return Object.fromEntries(Object.entries(all).filter(([f]) => !f.startsWith('audit/')));
}

describe('delete a series to the trash, restore it, empty the trash', () => {
  const work = workFolder('barcat-trash-');
  let base: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    base = path.join(work(), 'base');
    const c = await catalogWithTwoImports(base, KEY, 120, 50, 90);
    await c.write(OTHER, batchFromBars(minuteBars(T0, 10, 50)), 'merge');
    await c.close();
    // quality results travel with the series too
    expect((await cli(['quality', ID, '--catalog', base])).code).toBe(0);
    before = catalogState(base);
  });

  it('delete -> trash -> restore brings back every file byte for byte, history and quality included', async () => {
    const dir = path.join(work(), 'cycle');
    cpSync(base, dir, { recursive: true });
    expect(await cli(['delete', ID, '--catalog', dir])).toMatchObject({
      code: 2,
      stderr: `barcat: give --yes to delete ${ID}; nothing was deleted\n`,
    });
    const del = await cli(['delete', ID, '--yes', '--catalog', dir]);
    const id = /as (\S+);/.exec(del.stdout)?.[1] ?? '';
    expect(id).toMatch(/^\d+~BINANCE~BTCUSDT~1m$/);
    expect(del).toMatchObject({
      code: 0,
      stdout: `moved ${ID} (140 bars in 2 files) to the trash as ${id}; "barcat trash restore ${id}" brings it back\n`,
    });
    const c = await openCatalog(dir);
    expect((await c.listSeries()).map((s) => s.id)).toEqual(['BINANCE:ETHUSDT:1m']);
    expect(await c.verify()).toEqual(cleanVerify(1));
    await c.close();
    expect(readdirSync(path.join(dir, 'bars/venue=BINANCE'))).toEqual(['symbol=ETHUSDT']);
    expect(Object.keys(filesWithBytes(path.join(dir, 'trash', id)))).toEqual([
      'bars/2024-01.v2.parquet',
      'bars/2024-02.v2.parquet',
      'history/1/entry.json',
      'history/2/2024-01.v1.parquet',
      'history/2/2024-02.v1.parquet',
      'history/2/entry.json',
      'manifest.json',
      'quality.json',
      'trash.json',
    ]);
    const list = JSON.parse((await cli(['trash', 'list', '--json', '--catalog', dir])).stdout);
    expect(list.trash).toEqual([
      {
        id,
        series: ID,
        key: KEY,
        deletedAt: Number(id.split('~')[0]),
        bars: 140,
        partitions: 2,
        bytes: expect.any(Number),
      },
    ]);
    expect(await cli(['trash', 'restore', id, '--catalog', dir])).toMatchObject({
      code: 0,
      stdout: `restored ${ID} (140 bars, ${id})\n`,
    });
    expect(catalogState(dir)).toEqual(before);
    expect((await readOps(dir)).map((r) => [r.op, r.series, r.by])).toEqual([
      ['delete', ID, 'cli:delete'],
      ['trash-restore', ID, 'cli:trash'],
    ]);
    // The history came back too: undo still works after the restore.
    expect((await cli(['undo', ID, '--catalog', dir])).code).toBe(0);
  });

  it('restore is refused while the series exists again; empty deletes for good, counted', async () => {
    const dir = path.join(work(), 'again');
    cpSync(base, dir, { recursive: true });
    const c = await openCatalog(dir);
    const e = await c.deleteSeries(KEY);
    await c.write(KEY, batchFromBars(minuteBars(T0, 5, 10)), 'merge');
    await expect(c.restoreFromTrash(e.id)).rejects.toMatchObject({
      code: 'DATA',
      message: `series ${ID} exists in the catalog again; rename or delete it before restoring ${e.id} from the trash`,
      details: { reason: 'target_exists', series: ID },
    });
    await c.close();
    expect(await cli(['trash', 'empty', '--catalog', dir])).toMatchObject({
      code: 2,
      stderr: 'barcat: give --yes to empty the trash for good; nothing was deleted\n',
    });
    expect(await cli(['trash', 'empty', '--yes', '--catalog', dir])).toMatchObject({
      code: 0,
      stdout: `deleted for good: ${ID} (140 bars, ${e.id})\n`,
    });
    expect(Object.keys(filesWithBytes(dir)).filter((f) => f.startsWith('trash'))).toEqual([]);
    expect(await cli(['trash', 'restore', e.id, '--catalog', dir])).toMatchObject({
      code: 1,
      stderr: `barcat: no series ${e.id} in the trash of ${dir}; see "barcat trash list"\n`,
    });
  });

  // The moves of a delete: bars, history, quality results, then the manifest (the commit).
  for (const [stage, outcome] of [
    ['trash-journal-written', 'kept'],
    ['trash-delete-moved#1', 'kept'],
    ['trash-delete-moved#3', 'kept'],
    ['trash-delete-moved#4', 'trashed'],
  ] as const) {
    it(`a delete killed at ${stage} is ${outcome === 'kept' ? 'undone' : 'finished'} on the next open`, async () => {
      const dir = path.join(work(), stage.replace('#', '-'));
      cpSync(base, dir, { recursive: true });
      const r = spawnSync(process.execPath, [CLI, 'delete', ID, '--yes', '--catalog', dir], {
        env: { ...process.env, BARCAT_CRASH_AT: stage },
      });
      expect(r.signal).toBe('SIGKILL');
      const c = await openCatalog(dir);
      const ids = (await c.listSeries()).map((s) => s.id);
      const trash = await c.listTrash();
      await c.close();
      if (outcome === 'kept') {
        expect(ids).toEqual([ID, 'BINANCE:ETHUSDT:1m']);
        expect(trash).toEqual([]);
        expect(catalogState(dir)).toEqual(before);
      } else {
        expect(ids).toEqual(['BINANCE:ETHUSDT:1m']);
        expect(trash.map((t) => t.bars)).toEqual([140]);
        const c2 = await openCatalog(dir);
        await c2.restoreFromTrash(trash[0]!.id);
        await c2.close();
        expect(catalogState(dir)).toEqual(before);
      }
    });
  }
});

describe('a series a schedule keeps current', () => {
  it('is not deleted until its schedule is removed (the schedule would fail on every run)', async () => {
    const { dir: work, cleanup } = tempDir('barcat-trash-scheduled-');
    try {
      const dir = path.join(work, 'cat');
      const c = await openCatalog(dir);
      await c.write(KEY, batchFromBars(minuteBars(T0, 10, 100)), 'merge');
      await c.close();
      expect((await cli(['schedule', 'add', ID, '--every', '60', '--catalog', dir])).code).toBe(0);
      const refused = await cli(['delete', ID, '--yes', '--catalog', dir]);
      expect(refused).toMatchObject({
        code: 2,
        stderr: `barcat: series ${ID} is kept current by schedule BINANCE-BTCUSDT-1m; remove the schedule first ("barcat schedule remove BINANCE-BTCUSDT-1m"); nothing was deleted\n`,
      });
      expect(readdirSync(path.join(dir, 'bars/venue=BINANCE'))).toEqual(['symbol=BTCUSDT']);
      expect((await cli(['schedule', 'remove', 'BINANCE-BTCUSDT-1m', '--catalog', dir])).code).toBe(0);
      expect((await cli(['delete', ID, '--yes', '--catalog', dir])).code).toBe(0);
    } finally {
      cleanup();
    }
  });
});
