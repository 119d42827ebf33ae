// `barcat query` without --timeframe reads through the catalog's read-only door into columns
// (CatalogReader.queryBatch): a read of up to JS_READ_MAX_ROWS decodes in JavaScript with no Arrow
// table. Its output must be byte for byte the CSV of the table path (Catalog.query, arrowToBatch):
// ranges inside a partition, across partitions whose trades/vwap differ, --years/--months windows,
// an empty range, and a partition file in another codec (left to parquet-wasm).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifest, writeManifest } from '../../../src-main/engines/catalog/disk/manifest';
import { arrowToBatch, openCatalog } from '../../../src-main/engines/catalog/index';
import { batchFromBars } from '../../../src-main/engines/catalog/parquet/arrow';
import { decodeParquet, writeArrowParquet } from '../../../src-main/engines/catalog/parquet/codec';
import { parquetLib } from '../../../src-main/engines/catalog/parquet/libs';
import { partitionPath } from '../../../src-main/engines/catalog/partition-io';
import { JS_READ_MAX_ROWS } from '../../../src-main/engines/catalog/read/partition-decoder';
import type { QueryOptions } from '../../../src-main/engines/catalog/types';
import { batchToCsvChunks } from '../../../src-main/hosts/cli/io/csv';
import { sha256Hex } from '../../../src-main/plumbing/sha256';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { BTC_1M, CLI, fileTempDir, minuteBars, minuteBatch } from '../catalog/helpers';

const JAN = Date.UTC(2024, 0, 25);
const FEB = Date.UTC(2024, 1, 1);
const DAY = 86_400_000;

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, 'query', ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('barcat query reads through the read-only door into columns', () => {
  const { dir } = fileTempDir('barcat-query-batch-');
  const root = path.join(dir, 'cat');
  const plain = { ...BTC_1M, symbol: 'PLAIN' };

  /** The CSV of the table path (an in-process Catalog.query), through the CLI's own CSV writer. */
  async function tableCsv(key: SeriesKey, from: number, to: number, opts?: QueryOptions) {
    const cat = await openCatalog(root);
    try {
      return [...batchToCsvChunks(arrowToBatch(await cat.query(key, { from, to }, opts)))].join('');
    } finally {
      await cat.close();
    }
  }

  beforeAll(async () => {
    const cat = await openCatalog(root);
    // January's partition has trades and vwap (some vwap null); February's has neither.
    await cat.write(BTC_1M, minuteBatch(JAN, 7 * 1440), 'merge');
    await cat.write(BTC_1M, batchFromBars(minuteBars(FEB, 3 * 1440, 200)), 'merge');
    await cat.write(plain, batchFromBars(minuteBars(JAN, 3000)), 'merge');
    await cat.close();
    // PLAIN's one partition rewritten in snappy (same bars): not a codec the JavaScript decoder takes.
    const m = (await readManifest(root, plain))!;
    const entry = m.partitions[0]!;
    const file = partitionPath(root, plain, entry);
    const table = decodeParquet(readFileSync(file));
    const { Compression } = parquetLib();
    writeFileSync(
      file,
      writeArrowParquet(table, { rowGroupSize: 21_600 }, (b) => b.setCompression(Compression.SNAPPY)),
    );
    const bytes = readFileSync(file);
    await writeManifest(root, {
      ...m,
      partitions: [{ ...entry, sha256: sha256Hex(bytes), bytes: statSync(file).size }],
    });
  });

  const iso = (t: number) => new Date(t).toISOString();

  it('gives the table path CSV byte for byte: inside a partition, across partitions, empty', async () => {
    for (const [from, to] of [
      [JAN + DAY, JAN + 2 * DAY],
      [FEB - DAY / 2, FEB + DAY / 2],
      [JAN - 3 * DAY, JAN - DAY],
    ] as const) {
      const csv = cli(['BINANCE:BTCUSDT:1m', '--from', iso(from), '--to', iso(to), '--catalog', root]);
      expect(csv).toBe(await tableCsv(BTC_1M, from, to));
    }
    // Across the partitions, the trades and vwap columns are there with February's cells empty.
    const across = cli([
      'BINANCE:BTCUSDT:1m',
      '--from',
      iso(FEB - 60_000),
      '--to',
      iso(FEB + 60_000),
      '--catalog',
      root,
    ]);
    expect(across.split('\n').slice(0, 3)).toEqual([
      'ts,open,high,low,close,volume,trades,vwap',
      `${iso(FEB - 60_000)},${[100 + 10079 / 100, 100 + 10079 / 100 + 0.5, 100 + 10079 / 100 - 0.5, 100 + 10079 / 100 + 0.25, 1000 + 10079].join(',')},29,${100 + 10079 / 100 + 0.1}`,
      `${iso(FEB)},200,200.5,199.5,200.25,1000,,`,
    ]);
  });

  it('takes --years/--months windows as the table path does', async () => {
    const args = ['BINANCE:BTCUSDT:1m', '--years', '2024-2024', '--months', '2-2', '--catalog', root];
    const rows = 3 * 1440;
    expect(rows).toBeLessThanOrEqual(JS_READ_MAX_ROWS);
    const csv = cli(args);
    expect(csv).toBe(await tableCsv(BTC_1M, -8.64e15, 8.64e15, { years: [2024, 2024], months: [2, 2] }));
    expect(csv.trim().split('\n').length).toBe(1 + rows);
  });

  it('a partition file in another codec is decoded by parquet-wasm, with the same CSV', async () => {
    const from = JAN + 60 * 60_000;
    const to = JAN + 2 * DAY;
    const csv = cli(['BINANCE:PLAIN:1m', '--from', iso(from), '--to', iso(to), '--catalog', root]);
    expect(csv).toBe(await tableCsv(plain, from, to));
    expect(csv.trim().split('\n').length).toBe(1 + 2 * 1440 - 60);
  });
});
