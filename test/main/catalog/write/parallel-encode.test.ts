import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderCatalog } from '../../../../src-main/engines/catalog/catalog';
import { readManifest } from '../../../../src-main/engines/catalog/disk/manifest';
import { arrowToBatch, type BarBatch, openCatalog } from '../../../../src-main/engines/catalog/index';
import { decodeParquet, encodeParquet } from '../../../../src-main/engines/catalog/parquet/codec';
import {
  WARM_POOL_MIN_ROWS,
  WORKER_ENCODE_MIN_ROWS,
} from '../../../../src-main/engines/catalog/partition-encoder';
import { partitionEncodeOptions, partitionPath } from '../../../../src-main/engines/catalog/partition-io';
import { sha256Hex } from '../../../../src-main/plumbing/sha256';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { minuteBatch, tempDirEach } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const START = Date.UTC(2024, 0, 20);
// Workers start from 1M rows; a catalog opened with a 100k threshold keeps the test fast.
const MIN_ROWS = 100_000;
const ROWS = MIN_ROWS + 30_000; // 2024-01-20 .. 2024-04-19: four monthly partitions

function sliceRows(b: BarBatch, start: number, end: number): BarBatch {
  const out: BarBatch = { ...b, length: end - start };
  for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const)
    out[c] = b[c]!.slice(start, end);
  return out;
}

function expectSameRows(actual: BarBatch, expected: BarBatch): void {
  expect(actual.length).toBe(expected.length);
  for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const)
    expect(Array.from(actual[c]!), c).toEqual(Array.from(expected[c]!));
}

/**
 * Same Parquet content: identical data pages and footer size, same footer key-value metadata.
 * (parquet-wasm keeps key-value metadata in a hash map, so its order in the footer varies by instance.)
 */
function expectSameParquet(actual: Uint8Array, expected: Uint8Array): void {
  const footerLen = (b: Uint8Array) => Buffer.from(b).readUInt32LE(b.length - 8);
  expect(actual.length).toBe(expected.length);
  expect(footerLen(actual)).toBe(footerLen(expected));
  const pagesEnd = expected.length - 8 - footerLen(expected);
  expect(Buffer.from(actual.subarray(0, pagesEnd)).equals(Buffer.from(expected.subarray(0, pagesEnd)))).toBe(
    true,
  );
  const meta = (b: Uint8Array) => Object.fromEntries(decodeParquet(b).schema.metadata);
  expect(meta(actual)).toEqual(meta(expected));
}

describe('parallel partition encoding', () => {
  it('uses workers from 1M rows when none runs, from 100k rows when the pool is running', () => {
    expect([WORKER_ENCODE_MIN_ROWS, WARM_POOL_MIN_ROWS]).toEqual([1_000_000, 100_000]);
  });

  let dir: string;
  const tmp = tempDirEach('barcat-cat-');
  let cat: FolderCatalog;
  beforeEach(async () => {
    dir = tmp();
    const opened = await openCatalog(dir, { workerEncodeMinRows: MIN_ROWS });
    if (!(opened instanceof FolderCatalog)) throw new Error('openCatalog did not return a FolderCatalog');
    cat = opened;
  });
  afterEach(async () => {
    await cat.close();
  });

  it('encodes a large multi-partition write in workers with the same content as in-thread', async () => {
    const input = minuteBatch(START, ROWS);
    const res = await cat.write(KEY, input, 'merge');
    expect(res).toEqual({ added: ROWS, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 4 });
    expect(cat.encoder.workerEncodes).toBe(4);
    // The caller's columns are copied before they move to a worker, never detached.
    expect(input.ts.length).toBe(ROWS);
    expectSameRows(arrowToBatch(await cat.query(KEY, undefined)), input);

    const manifest = (await readManifest(dir, KEY))!;
    expect(manifest.partitions.map((p) => [p.key, p.rows])).toEqual([
      ['2024-01', 12 * 1440],
      ['2024-02', 29 * 1440],
      ['2024-03', 31 * 1440],
      ['2024-04', ROWS - 72 * 1440],
    ]);
    let at = 0;
    for (const p of manifest.partitions) {
      const bytes = readFileSync(partitionPath(dir, KEY, p));
      expect(sha256Hex(bytes)).toBe(p.sha256);
      const expected = sliceRows(input, at, at + p.rows);
      expectSameRows(arrowToBatch(decodeParquet(bytes)), expected);
      const inThread = encodeParquet(expected, partitionEncodeOptions(KEY, p.key, 'zstd'));
      expectSameParquet(bytes, inThread.bytes);
      expect(p.rowGroups).toEqual(inThread.rowGroups);
      at += p.rows;
    }
    expect(await cat.verify()).toMatchObject({ partitionsChecked: 4, ok: 4, quarantined: [] });
  });

  it('merges a large batch into existing partitions in workers, row for row', async () => {
    const first = minuteBatch(START, ROWS);
    await cat.write(KEY, first, 'merge');
    // A second batch shifted by 30 days, new prices: overlapping rows are replaced, the rest added.
    const shift = 30 * 1440;
    const second = minuteBatch(START + shift * MINUTE, ROWS, 500);
    const res = await cat.write(KEY, second, 'merge');
    expect(res).toMatchObject({ added: shift, replaced: ROWS - shift, partitionsWritten: 4 });
    expect(cat.encoder.workerEncodes).toBe(4 + 4);
    const got = arrowToBatch(await cat.query(KEY, undefined));
    expectSameRows(sliceRows(got, 0, shift), sliceRows(first, 0, shift));
    expectSameRows(sliceRows(got, shift, got.length), second);
  });

  it('writes below the threshold on the calling thread with the same rows', async () => {
    const input = minuteBatch(START, ROWS);
    const half = Math.floor(ROWS / 2);
    expect(half).toBeLessThan(MIN_ROWS);
    await cat.write(KEY, sliceRows(input, 0, half), 'merge');
    await cat.write(KEY, sliceRows(input, half, ROWS), 'merge');
    expect(cat.encoder.workerEncodes).toBe(0);
    expectSameRows(arrowToBatch(await cat.query(KEY, undefined)), input);
    expect(await cat.verify()).toMatchObject({ partitionsChecked: 4, ok: 4, quarantined: [] });
  });

  it('falls back to in-thread encoding when the worker bundle is missing', async () => {
    const saved = process.env.BARCAT_WORKER_DIR;
    process.env.BARCAT_WORKER_DIR = `${dir}/no-workers-here`;
    try {
      const input = minuteBatch(START, ROWS);
      await cat.write(KEY, input, 'merge');
      expect(cat.encoder.workerEncodes).toBe(0);
      expectSameRows(arrowToBatch(await cat.query(KEY, undefined)), input);
    } finally {
      if (saved === undefined) delete process.env.BARCAT_WORKER_DIR;
      else process.env.BARCAT_WORKER_DIR = saved;
    }
  });
});
