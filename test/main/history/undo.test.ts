import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, tableToBars } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { cli } from '../catalog/cli-io';
import { barsCsv, minuteBars, T0 } from '../catalog/helpers';
import { cleanVerify, filesUnder, manifestOf, seriesState, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const ID = 'BINANCE:BTCUSDT:1m';
// 120 bars across the January/February boundary: two monthly partitions.
const FIRST = minuteBars(T0, 120, 100);
// 30 bars from T0 + 50 min with other prices, and 20 more past the first import's end.
const SECOND = minuteBars(T0 + 50 * MINUTE, 90, 200);

describe('undo after an import (overwrite, merge, skip)', () => {
  const work = workFolder('barcat-undo-');
  beforeAll(() => {
    writeFileSync(path.join(work(), 'first.csv'), barsCsv(FIRST));
    writeFileSync(path.join(work(), 'second.csv'), barsCsv(SECOND));
  });

  // skip leaves January alone (its 10 overlapping bars are skipped): only February's file is replaced.
  for (const [mode, counts, moved] of [
    ['overwrite', '+20 ~70 -0', '120 restored (2 files), 140 removed (2 files)'],
    ['merge', '+20 ~70 -0', '120 restored (2 files), 140 removed (2 files)'],
    ['skip', '+20 ~0 -0', '60 restored (1 file), 80 removed (1 file)'],
  ] as const) {
    it(`restores the first import byte for byte after a ${mode} import`, async () => {
      const cat = path.join(work(), mode);
      const imp = (file: string, m: string) =>
        cli(['import', path.join(work(), file), '--series', ID, '--mode', m, '--catalog', cat, '--create']);
      expect((await imp('first.csv', 'merge')).code).toBe(0);
      const before = seriesState(cat);
      const firstSource = manifestOf(cat).lastWrite.source;
      expect((await imp('second.csv', mode)).code).toBe(0);
      const after = seriesState(cat);
      expect(after.files).not.toEqual(before.files);
      const hist = JSON.parse((await cli(['history', ID, '--json', '--catalog', cat])).stdout);
      expect(
        hist.generations.map((g: { generation: number; kind: string | null; bars: number }) => [
          g.generation,
          g.kind,
          g.bars,
        ]),
      ).toEqual([
        [2, 'import', 140],
        [1, 'import', 120],
        [0, null, 0],
      ]);
      const text = (await cli(['history', ID, '--catalog', cat])).stdout;
      expect(text.split('\n')[1]).toMatch(new RegExp(` ${mode} +\\${counts} +140$`));
      const secondSource = manifestOf(cat).lastWrite.source;
      const undo = await cli(['undo', ID, '--catalog', cat]);
      expect(undo).toMatchObject({
        code: 0,
        stdout:
          `undid generation 2 of ${ID} (written by ${secondSource}): generation 1 is live again as generation 3\n` +
          `bars 140 -> 120: ${moved}\n`,
        stderr: '',
      });
      expect(seriesState(cat)).toEqual(before);
      expect(manifestOf(cat).lastWrite).toMatchObject({ source: firstSource, undo: { generations: [2] } });
      // Generation 1's entry (the empty series before it) stays: one more undo empties the series.
      expect(filesUnder(path.join(cat, 'history'))).toEqual(['BINANCE~BTCUSDT~1m/1/entry.json']);
      const c = await openCatalog(cat);
      expect(await c.verify()).toEqual(cleanVerify(2));
      await c.close();
    });
  }

  it('refuses when nothing is kept, with the reason code', async () => {
    const cat = path.join(work(), 'nothing');
    const c = await openCatalog(cat);
    await c.write(KEY, batchFromBars(FIRST), 'merge', { source: 'cli:write' });
    expect((await c.undo(KEY)).barsAfter).toBe(0);
    await expect(c.undo(KEY)).rejects.toMatchObject({
      code: 'DATA',
      message: `series ${ID} has no earlier generation kept to restore (nothing written since the history began, or its retention has passed); see "barcat history ${ID}"`,
      details: { reason: 'nothing_to_undo', series: ID },
    });
    await c.close();
    expect((await cli(['undo', ID, '--catalog', cat])).code).toBe(1);
  });

  it('undo takes back every consecutive generation of one job, and only those', async () => {
    const cat = path.join(work(), 'job');
    const c = await openCatalog(cat);
    await c.write(KEY, batchFromBars(FIRST.slice(0, 60)), 'merge', { source: 'import:one' });
    const before = seriesState(cat);
    await c.write(KEY, batchFromBars(FIRST.slice(60, 90)), 'merge', { source: 'backfill:bf-1' });
    await c.write(KEY, batchFromBars(FIRST.slice(90)), 'merge', { source: 'backfill:bf-1' });
    const r = await c.undo(KEY);
    expect(r).toMatchObject({
      undone: [3, 2],
      restoredGeneration: 1,
      generation: 4,
      barsBefore: 120,
      barsAfter: 60,
    });
    expect(seriesState(cat)).toEqual(before);
    expect(tableToBars(await c.query(KEY, undefined))).toEqual(FIRST.slice(0, 60));
    await c.close();
  });
});
