import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  manifestFileName,
  partitionScheme,
  timeframeDirName,
  timeframeFromDirName,
} from '../../../../src-main/engines/catalog/disk/layout';
import { batchFromBars, type Catalog, openCatalog } from '../../../../src-main/engines/catalog/index';
import { MINUTE, SECOND, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { minuteBars, tempDir, tempDirEach } from '../helpers';

describe('custom timeframes on disk', () => {
  // N months as Nmo: no clash with Nm on case-insensitive file systems. Each row is checked both ways.
  it.each<[Timeframe, string]>([
    ['3M', '3mo'],
    ['3m', '3m'],
    ['1M', '1mo'],
    ['12M', '12mo'],
    ['10m', '10m'],
  ])('stores %s in the folder %s and reads it back', (tf, dir) => {
    expect(timeframeDirName(tf)).toBe(dir);
    expect(timeframeFromDirName(dir)).toBe(tf);
  });

  it('names the manifest of N months with Nmo too', () => {
    expect(manifestFileName({ venue: 'CME', symbol: 'ES', timeframe: '6M' })).toBe('CME~ES~6mo.json');
  });

  it('partitions by bar length like the fixed list: daily under a minute, monthly under 5m, else yearly', () => {
    const tfs: Timeframe[] = [
      '1s',
      '10s',
      '90s',
      '1m',
      '2m',
      '3m',
      '4m',
      '5m',
      '10m',
      '45m',
      '3h',
      '2d',
      '2w',
      '3M',
    ];
    expect(tfs.map((tf) => `${tf}:${partitionScheme(tf)}`)).toEqual([
      '1s:day',
      '10s:day',
      '90s:month',
      '1m:month',
      '2m:month',
      '3m:month',
      '4m:month',
      '5m:year',
      '10m:year',
      '45m:year',
      '3h:year',
      '2d:year',
      '2w:year',
      '3M:year',
    ]);
  });
});

describe('custom timeframes in a catalog', () => {
  const tmp = tempDirEach('barcat-cat-');
  let cat: Catalog;
  beforeEach(async () => {
    cat = await openCatalog(tmp());
  });
  afterEach(async () => {
    await cat.close();
  });

  it('writes, lists and rebuilds 10s, 2m and 3M series from their folders', async () => {
    const t0 = Date.UTC(2024, 0, 31, 23, 59, 0);
    await cat.write(
      { venue: 'X', symbol: 'S', timeframe: '10s' },
      batchFromBars(minuteBars(t0, 12, 100, 10 * SECOND)),
      'merge',
    );
    await cat.write(
      { venue: 'X', symbol: 'S', timeframe: '2m' },
      batchFromBars(minuteBars(t0 - MINUTE, 3, 100, 2 * MINUTE)),
      'merge',
    );
    const quarters = [Date.UTC(2023, 9, 1), Date.UTC(2024, 0, 1), Date.UTC(2024, 3, 1)];
    await cat.write(
      { venue: 'X', symbol: 'S', timeframe: '3M' },
      batchFromBars(minuteBars(0, 3).map((b, i) => ({ ...b, ts: quarters[i] as number }))),
      'merge',
    );
    const bars = path.join(tmp(), 'bars/venue=X/symbol=S');
    expect(readdirSync(bars).sort()).toEqual(['timeframe=10s', 'timeframe=2m', 'timeframe=3mo']);
    expect(readdirSync(path.join(bars, 'timeframe=10s')).sort()).toEqual([
      '2024-01-31.v1.parquet',
      '2024-02-01.v1.parquet',
    ]);
    expect(readdirSync(path.join(bars, 'timeframe=2m')).sort()).toEqual([
      '2024-01.v1.parquet',
      '2024-02.v1.parquet',
    ]);
    expect(readdirSync(path.join(bars, 'timeframe=3mo')).sort()).toEqual([
      '2023.v1.parquet',
      '2024.v1.parquet',
    ]);

    const listed = (await cat.listSeries()).map((s) => [s.id, s.rows, s.gapCount]);
    expect(listed).toEqual([
      ['X:S:10s', 12, 0],
      ['X:S:2m', 3, 0],
      ['X:S:3M', 3, 0],
    ]);
    rmSync(path.join(tmp(), 'manifests'), { recursive: true });
    expect(await cat.rebuild()).toMatchObject({ series: 3, partitions: 6, quarantined: [] });
    expect((await cat.listSeries()).map((s) => [s.id, s.rows, s.gapCount])).toEqual(listed);
  });
});

describe('rebuild and timeframe folder names', () => {
  it('takes only canonical timeframe folders as series: timeframe=60m is not the 1h series', async () => {
    const tmp = tempDir();
    const cat = await openCatalog(tmp.dir);
    try {
      const key = { venue: 'X', symbol: 'S', timeframe: '1h' } as const;
      await cat.write(key, batchFromBars(minuteBars(Date.UTC(2024, 0, 1), 3, 100, 60 * MINUTE)), 'merge');
      const bars = path.join(tmp.dir, 'bars/venue=X/symbol=S');
      renameSync(path.join(bars, 'timeframe=1h'), path.join(bars, 'timeframe=60m'));
      rmSync(path.join(tmp.dir, 'manifests'), { recursive: true });
      expect(await cat.rebuild()).toMatchObject({ series: 0, partitions: 0 });
      expect(await cat.listSeries()).toEqual([]);
      expect(readdirSync(path.join(bars, 'timeframe=60m'))).toEqual(['2024.v1.parquet']);
    } finally {
      await cat.close();
      tmp.cleanup();
    }
  });
});
