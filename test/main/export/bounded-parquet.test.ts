import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { exportSeries } from '../../../src-main/engines/export/index';
import { fileWindows } from '../../../src-main/engines/export/windows';
import type { Bar } from '../../../src-shared/domain/bar';
import { fileTempDir, minuteBars } from '../catalog/helpers';

// 1m bars in four monthly partitions (2023-11 .. 2024-02); the export reads them a month at a time,
// past the read cache, and writes one Parquet file whose rows are exactly the range's bars.
const tmp = fileTempDir('barcat-exbounded-');
const key = { venue: 'TEST', symbol: 'MONTHS', timeframe: '1m' as const };
const stored: Bar[] = [
  ...minuteBars(Date.UTC(2023, 10, 30, 23, 0), 120, 100),
  ...minuteBars(Date.UTC(2023, 11, 31, 23, 30), 90, 200),
  ...minuteBars(Date.UTC(2024, 1, 2, 12, 0), 30, 300),
];

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  await catalog.write(key, batchFromBars(stored), 'merge');
  await catalog.close();
});

async function readBack(file: string): Promise<Bar[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const rows = (
      await conn.runAndReadAll(
        `SELECT epoch_ms(ts) AS ts, open, high, low, close, volume FROM read_parquet('${file}') ORDER BY ts`,
      )
    ).getRowObjectsJS();
    return rows.map((r) => ({ ...r, ts: Number(r.ts) }) as Bar);
  } finally {
    conn.closeSync();
  }
}

describe('Parquet export of a multi-partition range', () => {
  it('holds exactly the bars of the range, in order, and leaves the read cache empty', async () => {
    const range = { from: Date.UTC(2023, 11, 1, 0, 10), to: Date.UTC(2024, 1, 2, 12, 20) };
    const out = path.join(tmp.dir, 'range.parquet');
    const catalog = await openCatalog(tmp.catalogDir);
    const [r] = await exportSeries(catalog, { series: [key], range, format: 'parquet', out }, tmp.dir);
    // A one-pass read keeps nothing: a long export must not grow the cache with its range.
    expect([catalog.readCache.size, catalog.readCache.misses]).toEqual([0, 0]);
    // The cache is on for ordinary reads, so the figures above could have failed.
    await catalog.query(key, range);
    expect(catalog.readCache.size).toBe(3);
    await catalog.close();
    // 2023-11-30 23:00-00:59: the 50 bars from 00:10; 2023-12-31 23:30 - 2024-01-01 00:59: all 90; 2024-02-02 12:00-12:19.
    const expected = stored.filter((b) => b.ts >= range.from && b.ts < range.to);
    expect(expected.length).toBe(50 + 90 + 20);
    expect(r!.bars).toBe(160);
    expect(await readBack(out)).toEqual(expected);
  });

  it('reads 1m in calendar months (its partitions), 1s in months, 5m and longer in years', () => {
    const iso = (w: { from: number; to: number }) => [w.from, w.to].map((t) => new Date(t).toISOString());
    const from = Date.UTC(2023, 10, 15, 12);
    const to = Date.UTC(2024, 1, 3);
    const months = [
      ['2023-11-15T12:00:00.000Z', '2023-12-01T00:00:00.000Z'],
      ['2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z'],
      ['2024-02-01T00:00:00.000Z', '2024-02-03T00:00:00.000Z'],
    ];
    expect(fileWindows(from, to, '1m').map(iso)).toEqual(months);
    expect(fileWindows(from, to, '1s').map(iso)).toEqual(months);
    expect(fileWindows(from, to, '1h').map(iso)).toEqual([
      ['2023-11-15T12:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      ['2024-01-01T00:00:00.000Z', '2024-02-03T00:00:00.000Z'],
    ]);
    expect(fileWindows(to, from, '1m')).toEqual([]);
  });
});
