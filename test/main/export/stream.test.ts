import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arrowToBatch,
  batchFromBars,
  loadParquetLibs,
  openCatalog,
} from '../../../src-main/engines/catalog/index';
import { exportSeries } from '../../../src-main/engines/export/index';
import { textChunks } from '../../../src-main/engines/export/layouts';
import { encodeExportParquet } from '../../../src-main/engines/export/parquet';
import type { ExportRequest } from '../../../src-main/engines/export/run';
import { WallClock } from '../../../src-main/engines/export/wall-time';
import type { Interval } from '../../../src-shared/domain/range';
import { HOUR } from '../../../src-shared/domain/timeframe';
import { duckRows } from '../../helpers/duck';
import { fileTempDir, minuteBars, minuteBatch } from '../catalog/helpers';

// 1m bars over 2022-2025: four read windows (a calendar year each). 2022 has no trades/vwap
// columns, later partitions have them: the streamed file must still carry them (empty in 2022).
const tmp = fileTempDir('barcat-exstream-');
const key = { venue: 'TEST', symbol: 'LONG', timeframe: '1m' as const };

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  await catalog.write(key, batchFromBars(minuteBars(Date.UTC(2022, 2, 1), 2000, 100, 6 * HOUR)), 'merge');
  await catalog.write(key, minuteBatch(Date.UTC(2023, 5, 1), 3000), 'merge');
  await catalog.write(key, minuteBatch(Date.UTC(2024, 11, 31, 23, 0), 120, 200), 'merge');
  await catalog.close();
});

/** What the export wrote before it streamed: the whole selection read at once, then encoded. */
async function wholeFile(req: ExportRequest, tz: string): Promise<Buffer> {
  const catalog = await openCatalog(tmp.catalogDir);
  await loadParquetLibs();
  const data = {
    bars: arrowToBatch(await catalog.query(key, req.range, req.query)),
    timeframe: key.timeframe,
  };
  await catalog.close();
  if (req.format === 'parquet') return Buffer.from(encodeExportParquet(data, { series: 'TEST:LONG:1m' }));
  return Buffer.from([...textChunks('csv', data, new WallClock(tz))].join(''));
}

async function streamed(name: string, req: Omit<ExportRequest, 'series' | 'out'>) {
  const catalog = await openCatalog(tmp.catalogDir);
  const full = { ...req, series: [key], out: path.join(tmp.dir, name) };
  const [r] = await exportSeries(catalog, full, tmp.dir);
  await catalog.close();
  return { file: readFileSync(full.out), bars: r!.bars, expected: await wholeFile(full, req.tz ?? 'UTC') };
}

const cases: [string, Omit<ExportRequest, 'series' | 'out'>][] = [
  ['whole series, csv', { format: 'csv' }],
  ['whole series, csv in New York time', { format: 'csv', tz: 'America/New_York' }],
  ['whole series, parquet', { format: 'parquet' }],
  ['a range across three windows, parquet', { format: 'parquet', range: r(2022, 11, 2025, 0) }],
  ['a range inside one window, csv', { format: 'csv', range: r(2023, 5, 2023, 6) }],
  ['years and months, csv', { format: 'csv', query: { years: [2022, 2024], months: [6, 12] } }],
  ['years and months, parquet', { format: 'parquet', query: { years: [2022, 2024], months: [6, 12] } }],
];

function r(y1: number, m1: number, y2: number, m2: number): Interval {
  return { from: Date.UTC(y1, m1, 2), to: Date.UTC(y2, m2, 1) };
}

describe('csv and Parquet exports read window by window', () => {
  it.each(cases)('%s: the file is byte for byte the one a whole read gives', async (name, req) => {
    const got = await streamed(`${name.replace(/\W+/g, '-')}.${req.format}`, req);
    expect(got.bars).toBeGreaterThan(0);
    expect(got.file.equals(got.expected)).toBe(true);
  });

  it('the streamed Parquet file is one file DuckDB reads: every bar, trades null where none were stored', async () => {
    const out = path.join(tmp.dir, 'whole-series-parquet.parquet');
    const rows = await duckRows(
      `SELECT year(ts) AS y, count(*)::INT AS n, count(trades)::INT AS t FROM read_parquet('${out}') GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { y: 2022n, n: 1224, t: 0 },
      { y: 2023n, n: 3767, t: 3000 },
      { y: 2024n, n: 60, t: 60 },
      { y: 2025n, n: 60, t: 60 },
    ]);
  });
});
