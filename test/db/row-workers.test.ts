import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrowLib, loadParquetLibs, tableToBars } from '../../src-main/engines/catalog/index';
import { readPartitionIPC } from '../../src-main/engines/catalog/worker-handlers';
import { LineBlocks } from '../../src-main/engines/databases/import/block-stream';
import { rowWorkers } from '../../src-main/engines/databases/import/row-workers';
import { type DbImportResult, type DbOnError, runDbImport } from '../../src-main/engines/databases/index';
import { fileTempDir } from '../main/catalog/helpers';
import { minutesMigration, pgSql } from './helpers';

const tmp = fileTempDir('barcat-pgworkers-');

// 2024-01-31T20:00:00Z in ms: 3000 minutes per symbol reach into February.
const T0 = 1706731200000;

/**
 * Bars and problems of every kind, many of them where blocks meet: a lower-case venue repeats a
 * BTCUSDT minute every 97 minutes (duplicates), five ETHUSDT rows in epoch seconds sort before all
 * the ms rows (so 2511 later rows are "before the previous row's" time, the case a worker cannot
 * judge alone), a high below close, an empty symbol.
 */
async function makeTable(): Promise<void> {
  await pgSql(
    'CREATE TABLE epochs (venue text, symbol text, ts bigint, open float8, high float8, low float8, close float8, volume float8)',
  );
  await pgSql(`INSERT INTO epochs SELECT 'BINANCE', s, ${T0} + g * 60000, 100 + g % 7, 101 + g % 7, 99 + g % 7,
    100.5 + g % 7, g FROM unnest(ARRAY['BTCUSDT', 'ETHUSDT']) s, generate_series(0, 2999) g`);
  await pgSql(`INSERT INTO epochs SELECT 'binance', 'BTCUSDT', ${T0} + g * 60000, 100, 101, 99, 100.5, 1
    FROM generate_series(0, 2999, 97) g`);
  await pgSql(`INSERT INTO epochs SELECT 'BINANCE', 'ETHUSDT', (${T0} + (g + 10) * 60000) / 1000, 100, 101, 99, 100.5, 1
    FROM generate_series(500, 2500, 500) g`);
  await pgSql(
    `UPDATE epochs SET high = 50 WHERE venue = 'BINANCE' AND symbol = 'BTCUSDT' AND ts = ${T0 + 1234 * 60000}`,
  );
  await pgSql(`INSERT INTO epochs VALUES ('BINANCE', '', ${T0 + 5 * 60000}, 1, 1, 1, 1, 1)`);
}

async function migrate(
  dir: string,
  onError: DbOnError,
  workers: number,
  hooks?: Parameters<typeof runDbImport>[1],
): Promise<DbImportResult> {
  const req = await minutesMigration('epochs', dir, {
    onError,
    chunkRows: 1000,
    stageRows: 250,
    rowWorkers: workers,
    // About 40 rows a block: hundreds of blocks, their edges everywhere.
    blockBytes: 2048,
  });
  return runDbImport(req, hooks);
}

/**
 * Every Parquet file of a catalog (partitions and their history) by path, with its bars (the bytes
 * are not compared: two writes of the same bars differ in their metadata).
 */
async function partitionFiles(dir: string): Promise<Record<string, unknown>> {
  await loadParquetLibs();
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.parquet')) files.push(p);
    }
  };
  walk(dir);
  const out: Record<string, unknown> = {};
  for (const file of files.sort()) {
    const table = arrowLib().tableFromIPC(await readPartitionIPC({ file }));
    out[path.relative(dir, file)] = tableToBars(table);
  }
  return out;
}

function watermark(dir: string): { key: string[]; rows: number } {
  const d = path.join(dir, 'db-imports');
  const [file] = readdirSync(d);
  const { key, rows } = JSON.parse(readFileSync(path.join(d, file as string), 'utf8'));
  return { key, rows };
}

describe('rows read by worker threads, block by block', () => {
  beforeAll(makeTable);

  it('the worker bundle is there, so the migrations below read in two worker threads', async () => {
    const workers = rowWorkers(2);
    expect(workers).not.toBeNull();
    await workers?.close();
  });

  it('give the same catalog files, problems, counts and watermark as reading every row on one thread', async () => {
    const one = path.join(tmp.dir, 'one-thread');
    const two = path.join(tmp.dir, 'workers');
    const a = await migrate(one, 'skip', 0);
    const b = await migrate(two, 'skip', 2);
    expect(a.problems.byRule).toEqual({ duplicate: 31 + 2511, high_below_max: 1, bad_series: 1 });
    // At the first minute: ETHUSDT after its seconds rows, then the lower-case BTCUSDT row.
    expect(a.problems.first.slice(0, 2)).toEqual([
      {
        key: 'BINANCE:ETHUSDT:1m@2024-01-31T20:00:00.000Z',
        rule: 'duplicate',
        column: 'ts',
        what: "time is before the previous row's 2024-02-02T13:50:00.000Z",
      },
      {
        key: 'BINANCE:BTCUSDT:1m@2024-01-31T20:00:00.000Z',
        rule: 'duplicate',
        column: 'ts',
        what: 'a second row for this series and time',
      },
    ]);
    expect(a.problems.first).toHaveLength(100);
    // BTCUSDT less its high-below-close minute; ETHUSDT's five seconds rows and its minutes after 2510.
    expect(a.written.added).toBe(2999 + 5 + 489);
    expect(b.problems).toEqual(a.problems);
    expect({ ...b, stages: null }).toEqual({ ...a, stages: null });
    const files = await partitionFiles(one);
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(4);
    expect(await partitionFiles(two)).toEqual(files);
    expect(watermark(two)).toEqual(watermark(one));
    expect(watermark(one).rows).toBe(6000 + 31 + 5 + 1);
  });

  /** A migration cancelled once its first commit is in, then run again to the end. */
  async function cancelThenResume(dir: string, workers: number): Promise<DbImportResult> {
    const ac = new AbortController();
    let seen = 0;
    const run = migrate(dir, 'skip', workers, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.committed > 0 && seen === 0) {
          seen = p.committed;
          ac.abort();
        }
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBe(1000);
    expect(watermark(dir).rows).toBe(1000);
    const staging = path.join(dir, '.staging');
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
    return migrate(dir, 'skip', workers);
  }

  it('cancelled after the first commit keep that commit and its watermark, and resume as one thread does', async () => {
    const one = path.join(tmp.dir, 'cancel-one');
    const two = path.join(tmp.dir, 'cancel-two');
    const a = await cancelThenResume(one, 0);
    const b = await cancelThenResume(two, 2);
    expect(a.resumedAfter).toHaveLength(3);
    expect(a.rowsRead).toBe(6037 - 1000);
    expect({ ...b, stages: null }).toEqual({ ...a, stages: null });
    expect(watermark(two)).toEqual(watermark(one));
    expect(watermark(two).rows).toBe(6037);
    expect(await partitionFiles(two)).toEqual(await partitionFiles(one));
  });

  it('reject the same rows, listed alike, and write nothing', async () => {
    const a = await migrate(path.join(tmp.dir, 'reject-one'), 'reject', 0);
    const b = await migrate(path.join(tmp.dir, 'reject-two'), 'reject', 2);
    expect(a.outcome).toBe('rejected');
    expect(a.rowsRead).toBe(6000 + 31 + 5 + 1);
    expect(b).toEqual(a);
  });
});

describe('LineBlocks', () => {
  const lines = (bufs: Buffer[]) => bufs.map((b) => b.toString());
  const anyLength = { maxRowBytes: Number.POSITIVE_INFINITY, error: () => new Error('not reached') };

  it('cuts after whole lines, never across a step boundary, and keeps a last line without its newline', () => {
    const cut = new LineBlocks(3, 8, anyLength);
    // Steps fall after lines 3 and 6; the size cut (8 bytes) after the line that passes it.
    expect(lines(cut.push(Buffer.from('a1\na2\na3\na4\nb')))).toEqual(['a1\na2\na3\n']);
    expect(lines(cut.push(Buffer.from('5\na6\na7\na8\na9\na10')))).toEqual(['a4\nb5\na6\n', 'a7\na8\na9\n']);
    expect(cut.end()?.toString()).toBe('a10');
    expect(cut.end()).toBeNull();
  });

  it('with no steps cuts by size only, at the last newline of a chunk', () => {
    const cut = new LineBlocks(Number.POSITIVE_INFINITY, 6, anyLength);
    expect(lines(cut.push(Buffer.from('abc\nde')))).toEqual([]);
    expect(lines(cut.push(Buffer.from('f\ngh\nij')))).toEqual(['abc\ndef\ngh\n']);
    expect(cut.end()?.toString()).toBe('ij');
  });

  it('refuses a line once it grows past the longest row, naming its row number and first bytes', () => {
    const tooLong = {
      maxRowBytes: 10,
      error: (row: number, head: Buffer) => new Error(`row ${row} starts ${head.toString()}`),
    };
    const cut = new LineBlocks(Number.POSITIVE_INFINITY, 3, tooLong);
    // Lines of exactly 10 bytes pass, across chunks too.
    expect(lines(cut.push(Buffer.from('a1\n123456789')))).toEqual(['a1\n']);
    expect(lines(cut.push(Buffer.from('0\nk\tvvvv')))).toEqual(['1234567890\n']);
    expect(lines(cut.push(Buffer.from('vv')))).toEqual([]);
    expect(() => cut.push(Buffer.from('vvv'))).toThrow('row 3 starts k\tvvvvvvvvv');
  });
});
