// The JavaScript decoder of small reads (hyparquet, parquet/js-decode.ts) gives the tables
// parquet-wasm gives: same columns, types, nullability, nulls and values, for both codecs a catalog
// writes, any row groups and columns; files not in the catalog's layout go to parquet-wasm, and a
// file that does not decode is named as on the wasm path.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../../../src-main/engines/catalog/disk/manifest';
import { arrowLib, arrowToBatch, openCatalog, tableToBars } from '../../../../src-main/engines/catalog/index';
import { batchFromBars, batchToArrow } from '../../../../src-main/engines/catalog/parquet/arrow';
import { decodeParquet, writeArrowParquet } from '../../../../src-main/engines/catalog/parquet/codec';
import { parquetLib } from '../../../../src-main/engines/catalog/parquet/libs';
import { partitionPath, readPartitionAsTableJs } from '../../../../src-main/engines/catalog/partition-io';
import { PartitionDecoder, readInThread } from '../../../../src-main/engines/catalog/read/partition-decoder';
import type { PartitionRead } from '../../../../src-main/engines/catalog/read/partition-read';
import { BTC_1M, CLI, fileTempDir, minuteBars, minuteBatch } from '../helpers';
import { expectCorruptOnEveryPath } from './corrupt-read';

const START = Date.UTC(2024, 0, 20);
const ROWS = 50_000; // 2024-01-20 .. 2024-02-23: January in 1 row group, February in 2

/** Same columns, types and nullability, the same nulls and values row for row (NaN equals NaN). */
function expectSameTable(actual: Table, expected: Table): void {
  const shape = (t: Table) => t.schema.fields.map((f) => [f.name, String(f.type), f.nullable]);
  expect(shape(actual)).toEqual(shape(expected));
  expect(actual.numRows).toBe(expected.numRows);
  for (const f of expected.schema.fields)
    expect(actual.getChild(f.name)!.nullCount, f.name).toBe(expected.getChild(f.name)!.nullCount);
  const a = arrowToBatch(actual);
  const e = arrowToBatch(expected);
  for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const) {
    const x = a[c];
    const y = e[c];
    if (!y) continue;
    expect(x?.length, c).toBe(y.length);
    expect(
      x!.findIndex((v, i) => !Object.is(v, y[i])),
      c,
    ).toBe(-1);
  }
}

describe('JavaScript decoding of small reads', () => {
  const { dir } = fileTempDir('barcat-js-decode-');
  const files: Record<string, string[]> = {};
  // Production's reader (the catalog's): a catalog's bars (PartitionRead.bars) decoded in JavaScript on
  // this thread; `workersOnly` leaves every partition of a read of two or more to the decode workers.
  const decoder = new PartitionDecoder();
  const workersOnly = new PartitionDecoder({ minRows: 1, callerDecodes: false });
  const readJs = (reads: PartitionRead[], rows: number) =>
    decoder.read(
      reads.map((r) => ({ ...r, bars: true })),
      rows,
    );
  beforeAll(async () => {
    for (const codec of ['zstd', 'lz4'] as const) {
      const root = path.join(dir, codec);
      const cat = await openCatalog(root, { compression: codec });
      await cat.write(BTC_1M, minuteBatch(START, ROWS), 'merge');
      const plain = { ...BTC_1M, symbol: 'PLAIN' };
      await cat.write(plain, batchFromBars(minuteBars(START, 3000)), 'merge');
      await cat.close();
      const m = await readManifest(root, BTC_1M);
      const p = await readManifest(root, plain);
      files[codec] = [
        ...m!.partitions.map((e) => partitionPath(root, BTC_1M, e)),
        partitionPath(root, plain, p!.partitions[0]!),
      ];
    }
  });
  afterAll(async () => {
    await Promise.all([decoder.close(), workersOnly.close()]);
  });

  for (const codec of ['zstd', 'lz4'] as const)
    it(`${codec}: the same tables as parquet-wasm, for every row-group and column choice`, async () => {
      const [jan, feb, plain] = files[codec]!;
      const reads: PartitionRead[] = [
        { file: jan! },
        { file: feb! },
        { file: feb!, rowGroups: [1] },
        { file: feb!, rowGroups: [0, 1] },
        { file: feb!, rowGroups: [1], columns: ['ts', 'close', 'vwap'] },
        { file: jan!, columns: ['ts', 'trades'] },
        { file: plain! },
      ];
      const wasm = await readInThread(reads, 0);
      const js = await readJs(reads, 0);
      // Every one of these was decoded in JavaScript (none fell back to parquet-wasm).
      for (const r of reads) expect(await readPartitionAsTableJs(r), r.file).toBeDefined();
      for (let i = 0; i < reads.length; i++) expectSameTable(js[i]!, wasm[i]!);
      // The row groups asked for, no more: February's second group starts 15 days into the month.
      const second = arrowToBatch(js[2]!);
      expect(second.length).toBe(arrowToBatch(wasm[1]!).length - 21_600);
      expect(second.ts[0]).toBe(Date.UTC(2024, 1, 16));
      expect(js[4]!.schema.fields.map((f) => f.name)).toEqual(['ts', 'close', 'vwap']);
      // vwap nulls survive (every 7th is missing in the written bars).
      expect(js[0]!.getChild('vwap')!.nullCount).toBeGreaterThan(0);
    });

  for (const codec of ['zstd', 'lz4'] as const)
    it(`${codec}: barcat query of a day (decoded in JavaScript) gives the bars of an in-process read`, async () => {
      const root = path.join(dir, codec);
      const day = { from: Date.UTC(2024, 1, 16), to: Date.UTC(2024, 1, 17) };
      const cat = await openCatalog(root);
      const bars = tableToBars(await cat.query(BTC_1M, day));
      await cat.close();
      expect(bars.length).toBe(1440);
      expect(bars.filter((b) => b.vwap === undefined).length).toBeGreaterThan(0);
      const args = [
        'query',
        'BINANCE:BTCUSDT:1m',
        '--from',
        '2024-02-16',
        '--to',
        '2024-02-17',
        '--catalog',
        root,
      ];
      // The CLI process reports the packages it loaded (Node's require cache, where libs.ts loads both).
      const loaded = path.join(dir, `${codec}-loaded.json`);
      const preload = path.join(dir, 'report-loaded.cjs');
      writeFileSync(
        preload,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));`,
      );
      const json = spawnSync(process.execPath, ['--require', preload, CLI, ...args, '--format', 'json'], {
        encoding: 'utf8',
      });
      expect(json.stderr).toBe('');
      expect(JSON.parse(json.stdout)).toEqual(bars.map((b) => ({ ...b, ts: new Date(b.ts).toISOString() })));
      // Decoded in JavaScript straight to columns: neither apache-arrow nor parquet-wasm was loaded.
      const modules = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
      expect(modules.filter((m) => m.includes(`${path.sep}apache-arrow${path.sep}`))).toEqual([]);
      expect(modules.filter((m) => m.includes(`${path.sep}parquet-wasm${path.sep}`))).toEqual([]);
      // --format parquet encodes with parquet-wasm, loaded after a read that did not need it.
      const out = path.join(dir, `${codec}-day.parquet`);
      const pq = spawnSync(
        process.execPath,
        ['--require', preload, CLI, ...args, '--format', 'parquet', '--out', out],
        { encoding: 'utf8' },
      );
      expect(pq.stderr).toBe('');
      // The same report names parquet-wasm where it was loaded.
      const withWasm = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
      expect(withWasm.some((m) => m.includes(`${path.sep}parquet-wasm${path.sep}`))).toBe(true);
      expect(tableToBars(decodeParquet(readFileSync(out)))).toEqual(bars);
    });

  it('a file not in the catalog layout is left to parquet-wasm, with the same table', async () => {
    const { Field, Float64, Schema, Table: ArrowTable, makeVector } = arrowLib();
    const base = batchToArrow(batchFromBars(minuteBars(START, 100)));
    const extra = new ArrowTable(
      new Schema([...base.schema.fields, new Field('note', new Float64(), false)]),
      Object.fromEntries([
        ...base.schema.fields.map((f) => [f.name, base.getChild(f.name)!]),
        ['note', makeVector(new Float64Array(100).fill(7))],
      ]),
    );
    const file = path.join(dir, 'foreign.parquet');
    writeFileSync(file, writeArrowParquet(extra, { rowGroupSize: 64, compression: 'zstd' }));
    expect(await readPartitionAsTableJs({ file })).toBeUndefined();
    const [js] = await readJs([{ file }], 100);
    const [wasm] = await readInThread([{ file }], 100);
    expectSameTable(js!, wasm!);
    expect(js!.getChild('note')!.get(99)).toBe(7);
  });

  it('a file of another codec (snappy) is left to parquet-wasm, with the same table', async () => {
    const { Compression } = parquetLib();
    const table = batchToArrow(minuteBatch(START, 500));
    const file = path.join(dir, 'snappy.parquet');
    writeFileSync(
      file,
      writeArrowParquet(table, { rowGroupSize: 200 }, (b) => b.setCompression(Compression.SNAPPY)),
    );
    expect(await readPartitionAsTableJs({ file })).toBeUndefined();
    const [js] = await readJs([{ file, rowGroups: [1] }], 0);
    const [wasm] = await readInThread([{ file, rowGroups: [1] }], 0);
    expectSameTable(js!, wasm!);
    expect(arrowToBatch(js!).ts[0]).toBe(START + 200 * 60_000);
    expect(js!.numRows).toBe(200);
  });

  it('a file that does not decode is named, as on the parquet-wasm path', async () => {
    const file = path.join(dir, 'broken.parquet');
    copyFileSync(files.zstd![0]!, file);
    const bytes = readFileSync(file);
    bytes.fill(0, 1000, 30_000); // pages zeroed; footer intact
    writeFileSync(file, bytes);
    const wasm = readInThread([{ file }], 0);
    await expect(wasm).rejects.toMatchObject({ code: 'CORRUPT' });
    await expectCorruptOnEveryPath(file, workersOnly);
  });

  it('a row group the file does not have is refused, not read', async () => {
    await expect(readJs([{ file: files.zstd![0]!, rowGroups: [5] }], 0)).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining('row group 5 is out of range; the file has 1'),
    });
  });
});
