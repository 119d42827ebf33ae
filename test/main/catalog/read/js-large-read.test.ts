// Reads of any size decode a catalog's bars in JavaScript (hyparquet + zstd's small wasm decoder) on
// the reading thread and in the decode workers; parquet-wasm only decodes files that are not in the
// catalog's layout. Each read here is compared, every column, null and value, with the same read
// decoded by parquet-wasm (readInThread): catalogs of real vendor files, a year of 1m bars cut at
// partition and row-group boundaries, files whose column chunks hold many pages, and files that
// only parquet-wasm decodes.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as ZstdWasm from '@bokuweb/zstd-wasm';
import type { Table } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { decompressLz4Raw } from 'hyparquet-compressors/src/lz4.js';
import type { WriterPropertiesBuilder } from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../../../src-main/engines/catalog/disk/manifest';
import { arrowToBatch, type Catalog, openCatalog } from '../../../../src-main/engines/catalog/index';
import { batchToArrow } from '../../../../src-main/engines/catalog/parquet/arrow';
import { writeArrowParquet } from '../../../../src-main/engines/catalog/parquet/codec';
import { jsDecodeStats } from '../../../../src-main/engines/catalog/parquet/js-decode';
import { parquetLib } from '../../../../src-main/engines/catalog/parquet/libs';
import { decodeColumnChunk } from '../../../../src-main/engines/catalog/parquet/page-decode';
import { partitionPath, readPartitionAsTableJs } from '../../../../src-main/engines/catalog/partition-io';
import { PartitionDecoder, readInThread } from '../../../../src-main/engines/catalog/read/partition-decoder';
import { decodePartitionForTransfer } from '../../../../src-main/engines/catalog/read/partition-read';
import { queryBars } from '../../../../src-main/engines/catalog/read/query';
import { runImport } from '../../../../src-main/engines/import/index';
import type { PresetName } from '../../../../src-shared/domain/import';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { fileTempDir, minuteBatch } from '../helpers';
import { expectCorruptOnEveryPath } from './corrupt-read';

/**
 * Whether page-decode.ts decodes every column chunk of the file itself (no fallback to hyparquet),
 * with a stand-in decompressor for lz4/zstd pages: only the page structure is checked here.
 */
async function everyChunkDecodedByPages(file: string): Promise<boolean> {
  // The catalog's own decode loads zstd's decoder first (one instance per process: init() once).
  expect(await readPartitionAsTableJs({ file })).toBeDefined();
  const { decompress } = createRequire(import.meta.url)('@bokuweb/zstd-wasm') as typeof ZstdWasm;
  const bytes = new Uint8Array(readFileSync(file));
  const meta = parquetMetadata(bytes.buffer);
  return meta.row_groups.every((g) =>
    g.columns.every((c, i) => {
      const m = c.meta_data!;
      const name = meta.schema[i + 1]!.name;
      const rows = Number(g.num_rows);
      const unpack = (page: Uint8Array, size: number) =>
        m.codec === 'ZSTD' ? decompress(page, { defaultHeapSize: size }) : decompressLz4Raw(page, size);
      return decodeColumnChunk(
        bytes,
        m,
        name === 'trades' || name === 'vwap',
        new Float64Array(rows),
        0,
        rows,
        unpack,
      );
    }),
  );
}

const REAL = path.resolve(__dirname, '../../../../../shared/testdata/real');
const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const;
const YEAR: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const START = Date.UTC(2023, 0, 1);
const ROWS = 525_600;

/** Same columns, types and nullability, the same nulls and values row for row (NaN equals NaN). */
function expectSameTable(actual: Table, expected: Table, what: string): void {
  const shape = (t: Table) => t.schema.fields.map((f) => [f.name, String(f.type), f.nullable]);
  expect(shape(actual), what).toEqual(shape(expected));
  expect(actual.numRows, what).toBe(expected.numRows);
  for (const f of expected.schema.fields)
    expect(actual.getChild(f.name)!.nullCount, `${what} ${f.name}`).toBe(
      expected.getChild(f.name)!.nullCount,
    );
  const a = arrowToBatch(actual);
  const e = arrowToBatch(expected);
  for (const c of COLUMNS) {
    const x = a[c];
    const y = e[c];
    if (!y) continue;
    expect(x?.length, `${what} ${c}`).toBe(y.length);
    const at = x!.findIndex((v, i) => !Object.is(v, y[i]));
    expect(at === -1 ? 'same' : `row ${at}: ${x![at]}, expected ${y[at]}`, `${what} ${c}`).toBe('same');
  }
}

interface RealFile {
  file: string;
  preset: PresetName;
  timeframe: Timeframe;
  symbol: string;
  rows: number;
}

// Real vendor files (../shared/testdata/real, see its SOURCES.md): 1m and 1h, one or two partitions,
// Binance's with trade counts.
const REAL_FILES: RealFile[] = [
  {
    file: 'ninjatrader/nt-spy-minute-2011.csv',
    preset: 'ninjatrader',
    timeframe: '1m',
    symbol: 'SPY',
    rows: 14180,
  },
  { file: 'metatrader4/EURUSD60.csv', preset: 'metatrader4', timeframe: '1h', symbol: 'EURUSD4', rows: 2078 },
  {
    file: 'metatrader5/EURUSD_H1.csv',
    preset: 'metatrader5',
    timeframe: '1h',
    symbol: 'EURUSD5',
    rows: 7728,
  },
  {
    file: 'binance-kline/BTCUSDT-1h-2024-11.csv',
    preset: 'binance-spot',
    timeframe: '1h',
    symbol: 'BTCUSDT',
    rows: 720,
  },
];

/**
 * A parquet file `name` in `dir` of `rows` minutes from START in row groups of `rowGroupSize`, with the
 * writer settings `more` adds (pages or codecs the catalog never writes itself); returns its path.
 */
function writeMinutesAs(
  dir: string,
  name: string,
  rows: number,
  rowGroupSize: number,
  more: (b: WriterPropertiesBuilder, lib: ReturnType<typeof parquetLib>) => WriterPropertiesBuilder,
): string {
  const file = path.join(dir, name);
  const lib = parquetLib();
  writeFileSync(
    file,
    writeArrowParquet(batchToArrow(minuteBatch(START, rows)), { rowGroupSize }, (b) => more(b, lib)),
  );
  return file;
}

describe('JavaScript decoding of reads of any size', () => {
  const { dir } = fileTempDir('barcat-js-large-');
  const root = path.join(dir, 'cat');
  let cat: Catalog;
  // The calling thread claims nothing: every partition of a read comes from a worker.
  const workersOnly = new PartitionDecoder({ minRows: 1, callerDecodes: false });

  beforeAll(async () => {
    cat = await openCatalog(root, { compression: 'zstd', readCacheMb: 0, workerDecodeMinRows: 1 });
    for (const r of REAL_FILES) {
      const summary = await runImport(
        cat,
        {
          paths: [path.join(REAL, r.file)],
          overrides: { preset: r.preset, venue: 'REAL', symbol: r.symbol, timeframe: r.timeframe },
        },
        { workers: false },
      );
      expect(
        summary.files.map((f) => [f.status, f.rowsWritten]),
        r.file,
      ).toEqual([['imported', r.rows]]);
    }
    await cat.write(YEAR, minuteBatch(START, ROWS), 'merge');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([cat.close(), workersOnly.close()]);
  });

  it('every real file: the catalog query, on this thread and in workers, equals parquet-wasm', async () => {
    for (const r of REAL_FILES) {
      const key: SeriesKey = { venue: 'REAL', symbol: r.symbol, timeframe: r.timeframe };
      const m = await readManifest(root, key);
      // Each partition is in the catalog's layout: none falls back to parquet-wasm.
      for (const e of m!.partitions) {
        const file = partitionPath(root, key, e);
        expect(await readPartitionAsTableJs({ file }), e.file).toBeDefined();
        expect(await everyChunkDecodedByPages(file), e.file).toBe(true);
      }
      const wasm = await queryBars(root, key, undefined, {}, readInThread);
      expect(wasm.numRows, r.file).toBe(r.rows);
      expectSameTable(await cat.query(key, undefined), wasm, `${r.file} query`);
      expectSameTable(await queryBars(root, key, undefined, {}, workersOnly.read), wasm, `${r.file} workers`);
    }
    // Binance's trade counts are a column of the catalog: decoded too.
    const binance = await cat.query({ venue: 'REAL', symbol: 'BTCUSDT', timeframe: '1h' }, undefined);
    expect(binance.getChild('trades')?.get(0)).toBe(128807);
  });

  it('a year of 1m bars, whole and cut inside row groups across partitions, with nulls: equal to parquet-wasm', async () => {
    const ranges = [
      undefined,
      // Mid row group of January to mid row group of March (three partitions, six row groups cut).
      { from: Date.UTC(2023, 0, 9, 13, 17), to: Date.UTC(2023, 2, 20, 8, 3) },
      // Exactly on a row group's end (21,600 rows = 15 days) and a month's end.
      { from: START + 21_600 * 60_000, to: Date.UTC(2023, 2, 1) },
    ];
    const before = workersOnly.workerDecodes;
    const fallbacks = jsDecodeStats.hyparquet;
    for (const range of ranges) {
      const wasm = await queryBars(root, YEAR, range, {}, readInThread);
      const what = range ? `${new Date(range.from).toISOString()}..` : 'the year';
      // The catalog's own reader: on this thread and its workers (started with the first large read).
      expectSameTable(await cat.query(YEAR, range), wasm, `${what} query`);
      expectSameTable(await cat.query(YEAR, range), wasm, `${what} query again`);
      expectSameTable(await queryBars(root, YEAR, range, {}, workersOnly.read), wasm, `${what} workers`);
      expectSameTable(
        await cat.query(YEAR, range, { columns: ['vwap', 'ts', 'volume'] }),
        await queryBars(root, YEAR, range, { columns: ['vwap', 'ts', 'volume'] }, readInThread),
        `${what} columns`,
      );
    }
    expect(workersOnly.workerDecodes - before).toBe(12 + 3 + 2);
    // Every page on this thread was the catalog's kind: none went to hyparquet.
    expect(jsDecodeStats.hyparquet).toBe(fallbacks);
    for (const e of (await readManifest(root, YEAR))!.partitions)
      expect(await everyChunkDecodedByPages(partitionPath(root, YEAR, e)), e.file).toBe(true);
    const year = arrowToBatch(await cat.query(YEAR, undefined));
    expect(year.length).toBe(ROWS);
    expect(year.vwap!.filter(Number.isNaN).length).toBe(Math.ceil(ROWS / 7));
  });

  it('column chunks of many pages decode to the same bars as with parquet-wasm', async () => {
    // 8 KiB pages: dozens per column chunk, in row groups that do not fall on page bounds.
    const file = writeMinutesAs(dir, 'pages.parquet', 50_000, 21_600, (b, { Encoding }) =>
      b.setColumnEncoding('volume', Encoding.BYTE_STREAM_SPLIT).setDataPageSizeLimit(8192),
    );
    expect(await everyChunkDecodedByPages(file)).toBe(true);
    for (const rowGroups of [undefined, [1], [0, 2]]) {
      const read = { file, rowGroups, bars: true as const };
      const decoded = await decodePartitionForTransfer(read);
      expect('bars' in decoded, 'decoded in JavaScript').toBe(true);
      const [wasm] = await readInThread([read], 0);
      if ('bars' in decoded)
        expectSameTable(batchToArrow(decoded.bars, decoded.columns), wasm!, `${rowGroups}`);
    }
  });

  it('pages of other kinds (data pages V1, dictionaries) go to hyparquet, with the same bars', async () => {
    const file = writeMinutesAs(dir, 'v1-dictionary.parquet', 30_000, 21_600, (b, { WriterVersion }) =>
      b.setWriterVersion(WriterVersion.V1).setDictionaryEnabled(true),
    );
    expect(await everyChunkDecodedByPages(file)).toBe(false);
    const read = { file, rowGroups: [1], bars: true as const };
    const fallbacks = jsDecodeStats.hyparquet;
    const decoded = await decodePartitionForTransfer(read);
    expect(jsDecodeStats.hyparquet - fallbacks).toBe(1);
    expect('bars' in decoded, 'decoded in JavaScript').toBe(true);
    const [wasm] = await readInThread([read], 0);
    if ('bars' in decoded) expectSameTable(batchToArrow(decoded.bars, decoded.columns), wasm!, 'V1');
  });

  it('a page whose compressed values are damaged is CORRUPT naming the file, as on the parquet-wasm path', async () => {
    const m = await readManifest(root, YEAR);
    const file = path.join(dir, 'damaged.parquet');
    copyFileSync(partitionPath(root, YEAR, m!.partitions[0]!), file);
    const bytes = readFileSync(file);
    const close = parquetMetadata(new Uint8Array(bytes).buffer).row_groups[0]!.columns[4]!.meta_data!;
    // The zstd frame of the close column's first page (right after its page header) loses its magic number.
    const at = bytes.indexOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Number(close.data_page_offset));
    expect(at - Number(close.data_page_offset)).toBeLessThan(64);
    bytes.fill(0, at, at + 4);
    writeFileSync(file, bytes);
    await expect(readInThread([{ file }], 0)).rejects.toMatchObject({ code: 'CORRUPT' });
    await expectCorruptOnEveryPath(file, workersOnly);
  });

  it('a file only parquet-wasm decodes (snappy) comes back from a worker as IPC, with the same table', async () => {
    const file = writeMinutesAs(dir, 'snappy.parquet', 500, 200, (b, { Compression }) =>
      b.setCompression(Compression.SNAPPY),
    );
    const read = { file, rowGroups: [1, 2], bars: true as const };
    expect('ipc' in (await decodePartitionForTransfer(read))).toBe(true);
    const before = workersOnly.workerDecodes;
    const [fromWorker] = await workersOnly.read([read, { file }], 2);
    expect(workersOnly.workerDecodes - before).toBe(2);
    const [wasm] = await readInThread([read], 0);
    expectSameTable(fromWorker!, wasm!, 'snappy');
    expect(fromWorker!.numRows).toBe(300);
  });
});
