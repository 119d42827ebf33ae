import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, readOps } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { minuteBars, T0 } from '../catalog/helpers';
import { cleanVerify, filesUnder, manifestOf, seriesState, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const ID = 'BINANCE:BTCUSDT:1m';
const HIST = 'history/BINANCE~BTCUSDT~1m';
const FIRST = minuteBars(T0, 120, 100); // 60 bars in January, 60 in February
const IN_JAN = minuteBars(T0 + 10 * MINUTE, 10, 300);
const IN_FEB = minuteBars(T0 + 70 * MINUTE, 10, 400);

function catalogWith(dir: string, retentionDays?: number): void {
  const body = { barcat: 'catalog', format: 1, compression: 'zstd', retentionDays };
  writeFileSync(path.join(dir, 'catalog.json'), `${JSON.stringify(body)}\n`);
}

describe('retention of replaced generations', () => {
  const work = workFolder('barcat-retention-');

  it('retentionDays 0 keeps a generation only until the next write; each prune is counted and logged', async () => {
    const dir = path.join(work(), 'zero');
    await (await openCatalog(dir)).close();
    catalogWith(dir, 0);
    const c = await openCatalog(dir);
    expect((await c.write(KEY, batchFromBars(FIRST), 'merge')).historyPruned).toBeUndefined();
    const r2 = await c.write(KEY, batchFromBars(IN_JAN), 'merge');
    // Generation 1's entry (the empty series) held no file.
    expect(r2.historyPruned).toEqual({ series: ID, generations: [1], files: 0, bars: 0, bytes: 0 });
    expect(filesUnder(path.join(dir, HIST))).toEqual(['2/2024-01.v1.parquet', '2/entry.json']);
    const janBytes = statSync(path.join(dir, HIST, '2/2024-01.v1.parquet')).size;
    const r3 = await c.write(KEY, batchFromBars(IN_FEB), 'merge');
    expect(r3.historyPruned).toEqual({ series: ID, generations: [2], files: 1, bars: 60, bytes: janBytes });
    expect(filesUnder(path.join(dir, HIST))).toEqual(['3/2024-02.v1.parquet', '3/entry.json']);
    expect((await readOps(dir)).map(({ at: _at, ...r }) => r)).toEqual([
      { op: 'history-prune', series: ID, retentionDays: 0, generations: [1], files: 0, bars: 0, bytes: 0 },
      {
        op: 'history-prune',
        series: ID,
        retentionDays: 0,
        generations: [2],
        files: 1,
        bars: 60,
        bytes: janBytes,
      },
    ]);
    // The one kept generation still undoes.
    expect(await c.undo(KEY)).toMatchObject({ undone: [3], barsRestored: 60, barsRemoved: 60 });
    await c.close();
  });

  it('the default keeps 7 days: an older entry goes at the next prune, a younger one stays', async () => {
    const dir = path.join(work(), 'days');
    const c = await openCatalog(dir);
    await c.write(KEY, batchFromBars(FIRST), 'merge');
    await c.write(KEY, batchFromBars(IN_JAN), 'merge');
    await c.write(KEY, batchFromBars(IN_FEB), 'merge');
    const now = Date.now();
    const entry = path.join(dir, HIST, '2/entry.json');
    const json = JSON.parse(readFileSync(entry, 'utf8'));
    writeFileSync(entry, JSON.stringify({ ...json, replacedAt: now - 7 * DAY - 1 }));
    const bytes = statSync(path.join(dir, HIST, '2/2024-01.v1.parquet')).size;
    // Entry 1 was replaced just now: kept, though older than entry 2 by generation.
    expect(await c.pruneHistory(KEY, now)).toEqual({
      series: ID,
      generations: [2],
      files: 1,
      bars: 60,
      bytes,
    });
    expect(filesUnder(path.join(dir, HIST))).toEqual([
      '1/entry.json',
      '3/2024-02.v1.parquet',
      '3/entry.json',
    ]);
    expect(await c.pruneHistory(KEY, now)).toEqual({
      series: ID,
      generations: [],
      files: 0,
      bars: 0,
      bytes: 0,
    });
    await c.close();
  });

  it('refuses a retentionDays that is not a whole number of days, naming the file', async () => {
    const dir = path.join(work(), 'bad');
    await (await openCatalog(dir)).close();
    writeFileSync(path.join(dir, 'catalog.json'), '{"barcat":"catalog","format":1,"retentionDays":-1}\n');
    await expect(openCatalog(dir)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `${path.join(dir, 'catalog.json')}: retentionDays -1 is not a whole number of days (0 or more); fix or remove it`,
    });
  });

  it('verify never lists kept files; rebuild never adopts them and keeps the generation above them', async () => {
    const dir = path.join(work(), 'rebuild');
    const c = await openCatalog(dir);
    await c.write(KEY, batchFromBars(FIRST), 'merge', { source: 'import:a' });
    const before = seriesState(dir);
    await c.write(KEY, batchFromBars(IN_JAN), 'merge', { source: 'import:b' });
    expect(await c.verify()).toEqual(cleanVerify(2));
    rmSync(path.join(dir, 'manifests/BINANCE~BTCUSDT~1m.json'));
    expect(await c.rebuild()).toMatchObject({ series: 1, partitions: 2, quarantined: [] });
    expect(manifestOf(dir).generation).toBe(2);
    expect(manifestOf(dir).partitions.map((p: { file: string }) => p.file)).toEqual([
      '2024-01.v2.parquet',
      '2024-02.v1.parquet',
    ]);
    // The rebuilt manifest lost who wrote generation 2, so undo takes back generation 2 alone.
    expect(await c.undo(KEY)).toMatchObject({ undone: [2], restoredGeneration: 1, barsRestored: 60 });
    expect(seriesState(dir).files).toEqual(before.files);
    await c.close();
  });
});
