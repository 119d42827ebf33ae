import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderCatalog } from '../../../../src-main/engines/catalog/catalog';
import { readManifest } from '../../../../src-main/engines/catalog/disk/manifest';
import {
  arrowToBatch,
  type BarBatch,
  type Catalog,
  openCatalog,
} from '../../../../src-main/engines/catalog/index';
import { columnToFloat64 } from '../../../../src-main/engines/catalog/parquet/arrow';
import { partitionPath } from '../../../../src-main/engines/catalog/partition-io';
import {
  PARALLEL_READ_MIN_ROWS,
  PartitionDecoder,
  readInThread,
} from '../../../../src-main/engines/catalog/read/partition-decoder';
import { queryBars } from '../../../../src-main/engines/catalog/read/query';
import type { QueryOptions } from '../../../../src-main/engines/catalog/types';
import type { Interval } from '../../../../src-shared/domain/range';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { fileTempDir, minuteBatch, repoRoot, tempDir } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const START = Date.UTC(2024, 0, 20);
const ROWS = 130_000; // 2024-01-20 .. 2024-04-19: four monthly partitions
const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const;

/** Where two columns first differ (NaN equals NaN), or undefined; fast on 100k-row columns. */
function firstDifference(actual: Float64Array, expected: Float64Array): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} rows, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++)
    if (!Object.is(actual[i], expected[i])) return `row ${i}: ${actual[i]}, expected ${expected[i]}`;
  return undefined;
}

/** Same schema (names, types, nullability) and the same values, row for row, NaN where null. */
function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.schema.fields.map(String)).toEqual(expected.schema.fields.map(String));
  expect(actual.numRows).toBe(expected.numRows);
  const a = arrowToBatch(actual);
  const e = arrowToBatch(expected);
  for (const c of COLUMNS) {
    if (!actual.getChild(c)) continue;
    expect(firstDifference(a[c]!, e[c]!), c).toBeUndefined();
  }
}

/** Rows of the written batch with from <= ts < to, as plain numbers of one column. */
function expectedColumn(input: BarBatch, c: (typeof COLUMNS)[number], from: number, to: number) {
  const lo = Math.max(0, Math.ceil((from - START) / MINUTE));
  const hi = Math.min(input.length, Math.ceil((to - START) / MINUTE));
  return input[c]!.subarray(lo, Math.max(lo, hi));
}

describe('parallel partition reads', () => {
  const { dir } = fileTempDir('barcat-cat-');
  const input = minuteBatch(START, ROWS);
  let cat: Catalog;
  // Workers only: the calling thread claims nothing, so every partition really comes from a worker.
  const workersOnly = new PartitionDecoder({ minRows: 1, callerDecodes: false });
  const read = (range: Interval | undefined, opts?: QueryOptions) => ({
    parallel: queryBars(dir, KEY, range, opts, workersOnly.read),
    inThread: queryBars(dir, KEY, range, opts, readInThread),
  });

  beforeAll(async () => {
    cat = await openCatalog(dir, { workerDecodeMinRows: 1 });
    await cat.write(KEY, input, 'merge');
  });
  afterAll(async () => {
    await Promise.all([cat.close(), workersOnly.close()]);
  });

  it('returns a full read from workers exactly as the single-thread path does', async () => {
    const before = workersOnly.workerDecodes;
    const { parallel, inThread } = read(undefined);
    const [p, t] = [await parallel, await inThread];
    expect(workersOnly.workerDecodes - before).toBe(4);
    expect(p.numRows).toBe(ROWS);
    expectSameTable(p, t);
    for (const c of COLUMNS) expect(firstDifference(arrowToBatch(p)[c]!, input[c]!), c).toBeUndefined();
  });

  it('cuts partitions at range ends the same way, in order', async () => {
    const from = Date.UTC(2024, 0, 25, 13, 17);
    const to = Date.UTC(2024, 2, 10, 8, 3);
    const before = workersOnly.workerDecodes;
    const { parallel, inThread } = read({ from, to });
    const [p, t] = [await parallel, await inThread];
    expect(workersOnly.workerDecodes - before).toBe(3);
    expectSameTable(p, t);
    const b = arrowToBatch(p);
    expect(b.ts[0]).toBe(Date.UTC(2024, 0, 25, 13, 17));
    expect(firstDifference(b.ts, expectedColumn(input, 'ts', from, to))).toBeUndefined();
    expect(firstDifference(b.vwap!, expectedColumn(input, 'vwap', from, to))).toBeUndefined();
  });

  it('reads month windows of a year range (several pieces per read) the same way', async () => {
    const { parallel, inThread } = read(undefined, { years: [2024, 2024], months: [2, 3] });
    const [p, t] = [await parallel, await inThread];
    expectSameTable(p, t);
    const ts = expectedColumn(input, 'ts', Date.UTC(2024, 1, 1), Date.UTC(2024, 3, 1));
    expect(ts.length).toBe(60 * 1440);
    expect(firstDifference(arrowToBatch(p).ts, ts)).toBeUndefined();
  });

  it('projects columns the same way, in the order asked', async () => {
    for (const columns of [['close', 'ts'], ['vwap'], ['volume', 'open', 'trades']]) {
      const range = { from: Date.UTC(2024, 1, 3, 4, 5), to: Date.UTC(2024, 3, 2) };
      const { parallel, inThread } = read(range, { columns });
      const [p, t] = [await parallel, await inThread];
      expect(p.schema.fields.map((f) => f.name)).toEqual(columns);
      expectSameTable(p, t);
      for (const c of columns as (typeof COLUMNS)[number][])
        expect(
          firstDifference(columnToFloat64(p, c)!, expectedColumn(input, c, range.from, range.to)),
          c,
        ).toBeUndefined();
    }
  });

  it('keeps one-partition and small reads on the calling thread', async () => {
    // callerDecodes false: a large read's partitions all go to the workers, so only the thresholds
    // keep these on this thread.
    const decoder = new PartitionDecoder({ minRows: PARALLEL_READ_MIN_ROWS, callerDecodes: false });
    try {
      const day = { from: Date.UTC(2024, 1, 10), to: Date.UTC(2024, 1, 11) };
      expect((await queryBars(dir, KEY, day, {}, decoder.read)).numRows).toBe(1440);
      // Two partitions, but only 2 days of rows.
      const edge = { from: Date.UTC(2024, 0, 31), to: Date.UTC(2024, 1, 2) };
      expect((await queryBars(dir, KEY, edge, {}, decoder.read)).numRows).toBe(2 * 1440);
      expect(decoder.workerDecodes).toBe(0);
      // The same decoder sends a read over both thresholds to the workers.
      expect((await queryBars(dir, KEY, undefined, {}, decoder.read)).numRows).toBe(ROWS);
      expect(decoder.workerDecodes).toBeGreaterThan(0);
    } finally {
      await decoder.close();
    }
  });

  it('reads through the catalog (calling thread and workers together) with the same rows', async () => {
    const decoder = (cat as FolderCatalog).decoder;
    // Repeat reads would come from the decoded-partition cache: off, so every read decodes.
    cat.setReadCacheMb?.(0);
    // The first large read starts the pool with it, not after it (a worker loading during the next
    // read doubled that read's CPU): started once the read is done. Then read until a warm worker
    // has taken part.
    const started = decoder.whenPoolStarted().then(() => 'started');
    const first = await cat.query(KEY, undefined);
    expect(await Promise.race([started, 'not started'])).toBe('started');
    expectSameTable(first, await read(undefined).inThread);
    for (let i = 0; i < 200 && decoder.workerDecodes === 0; i++)
      expectSameTable(await cat.query(KEY, undefined), await read(undefined).inThread);
    expect(decoder.workerDecodes).toBeGreaterThan(0);
    expectSameTable(await cat.query(KEY, undefined), await read(undefined).inThread);
  });

  it('reports a partition a worker cannot decode as CORRUPT, naming the file', async () => {
    const { dir: bad, cleanup: cleanBad } = tempDir();
    const c = await openCatalog(bad);
    try {
      await c.write(KEY, input, 'merge');
      const manifest = (await readManifest(bad, KEY))!;
      const file = partitionPath(bad, KEY, manifest.partitions[2]!);
      writeFileSync(file, Buffer.from('PAR1 this is not a parquet file PAR1'));
      await expect(queryBars(bad, KEY, undefined, {}, workersOnly.read)).rejects.toMatchObject({
        code: 'CORRUPT',
        message: expect.stringContaining(file),
      });
    } finally {
      await c.close();
      cleanBad();
    }
  });

  /** Runs `body` in a child node process, after lines opening the catalog as `cat` with workers from the first read. */
  function runWithCatalog(name: string, body: string) {
    const script = path.join(dir, name);
    const catalogTs = path.join(repoRoot, 'src-main/engines/catalog/index.ts');
    writeFileSync(
      script,
      `import { openCatalog } from ${JSON.stringify(catalogTs)};
const cat = await openCatalog(${JSON.stringify(dir)}, { workerDecodeMinRows: 1 });
${body}`,
    );
    return spawnSync('node', ['--import', 'tsx', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('lets a process finish close() while a decode worker is still starting', () => {
    const r = runWithCatalog(
      'close-early.mts',
      `await cat.query(${JSON.stringify(KEY)}, undefined);
// The pool starts with that first large read; its worker may still be loading, and the next
// read's worker call pending, when close() terminates the workers.
const t = await cat.query(${JSON.stringify(KEY)}, undefined);
await cat.close();
console.log(t.numRows, 'closed');
`,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${ROWS} closed\n`);
  });

  it('in a worker thread, reads the first large read there and starts the pool after it', async () => {
    // A job's worker thread (export, maintenance, import) opens a catalog with the default decoder:
    // its first large read must not start decode workers on cores its own thread already uses.
    const catalogTs = path.join(repoRoot, 'src-main/engines/catalog/index.ts');
    const entry = path.join(dir, 'reader-thread.mts');
    writeFileSync(
      entry,
      `import { parentPort } from 'node:worker_threads';
import { openCatalog } from ${JSON.stringify(catalogTs)};
const cat = await openCatalog(${JSON.stringify(dir)}, { create: false, recover: false });
cat.setReadCacheMb(0);
const started = cat.decoder.whenPoolStarted().then(() => 'started');
const first = await cat.query(${JSON.stringify(KEY)}, undefined);
const during = await Promise.race([started, 'not started']);
const firstWorkerDecodes = cat.decoder.workerDecodes;
// The pool starts a moment after that read; its timer does not hold the thread, an interval does.
const alive = setInterval(() => undefined, 1000);
await cat.decoder.whenPoolStarted();
clearInterval(alive);
const second = await cat.query(${JSON.stringify(KEY)}, undefined);
await cat.close();
parentPort.postMessage([first.numRows, during, firstWorkerDecodes, second.numRows]);
`,
    );
    // Workers do not inherit vitest's TypeScript loader: register tsx inside the worker, then load the entry.
    const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`;
    const w = new Worker(code, { eval: true });
    try {
      const result = await new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (c) => reject(new Error(`reader thread exited ${c} before answering`)));
      });
      expect(result).toEqual([ROWS, 'not started', 0, ROWS]);
    } finally {
      await w.terminate();
    }
  });

  it('does not keep a process alive when the catalog is never closed', () => {
    // The first large read starts the pool; the second one uses it; no close() at the end.
    // The idle pool closes after 60 s; an exit well before the 30 s timeout means it was unref'd.
    const r = runWithCatalog(
      'no-close.mts',
      `const first = await cat.query(${JSON.stringify(KEY)}, undefined);
const second = await cat.query(${JSON.stringify(KEY)}, undefined);
console.log(first.numRows, second.numRows);
`,
    );
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe(`${ROWS} ${ROWS}\n`);
  });
});
