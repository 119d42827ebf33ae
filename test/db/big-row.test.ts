import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DbImportResult, type DbOnError, runDbImport } from '../../src-main/engines/databases/index';
import { callDbWorker } from '../../src-main/engines/databases/worker-call';
import { fileTempDir } from '../main/catalog/helpers';
import {
  barsOf,
  barsTable,
  catalogBars,
  minuteRows,
  minutesMigration,
  pgSql,
  watermarkRows,
} from './helpers';

const tmp = fileTempDir('barcat-pgbigrow-');

const BTC = minuteRows('BINANCE', 'BTCUSDT', '2024-03-01T00:00:00Z', 1500);
const ETH = minuteRows('BINANCE', 'ETHUSDT', '2024-03-01T00:00:00Z', 1500, 3000);
// Minute 700 (2024-03-01T11:40:00Z): after its BTCUSDT and ETHUSDT rows in key order, so row 1403.
const BIG_TS = '2024-03-01T11:40:00.000Z';
const BIG_ROW = 1403;

/**
 * A minutes table with one row whose symbol is `bytes` long: a text column mapped where a symbol
 * belongs. Its bytes go through COPY to the client like any row's.
 */
async function table(name: string, bytes: number): Promise<void> {
  await barsTable(name, [...BTC, ...ETH]);
  await pgSql(`INSERT INTO ${name} VALUES ('BINANCE', repeat('x', ${bytes}), '${BIG_TS}', 1, 2, 1, 2, 5)`);
}

async function migrate(name: string, dir: string, onError: DbOnError) {
  const req = await minutesMigration(name, dir, {
    onError,
    // A commit after the first 1000 rows, before the big row.
    chunkRows: 1000,
    // Row workers whatever this machine's default: the tests below are about them.
    rowWorkers: 2,
  });
  return runDbImport(req);
}

/** The bars of both series in the catalog at `dir`: BTCUSDT's, then ETHUSDT's. */
async function bothSeries(dir: string) {
  return [await catalogBars(dir, 'BINANCE:BTCUSDT:1m'), await catalogBars(dir, 'BINANCE:ETHUSDT:1m')];
}

const MB = 2 ** 20;
const X20 = 'x'.repeat(20);
const BIG_PROBLEM = {
  key: `BINANCE:${X20}…(${30 * MB} characters)@${BIG_TS}`,
  rule: 'bad_series',
  column: 'venue,symbol',
  what: `symbol "${X20.toUpperCase()}…" is longer than 64 characters`,
};
const BIG_PROBLEMS = { total: 1, byRule: { bad_series: 1 }, first: [BIG_PROBLEM] };

/** What a migration reports of its run: the outcome, rows read, problems and bars added. */
const summary = (r: DbImportResult) => ({
  outcome: r.outcome,
  rowsRead: r.rowsRead,
  problems: r.problems,
  added: r.written.added,
});

describe('a 30 MB row (a document column mapped as the symbol)', () => {
  beforeAll(() => table('huge_symbol', 30 * MB));

  it('is read on the migration thread, not by a row worker: skipped and listed by a short key, every other row imported', async () => {
    const dir = path.join(tmp.dir, 'skip');
    const r = await migrate('huge_symbol', dir, 'skip');
    expect(summary(r)).toEqual({ outcome: 'imported', rowsRead: 3001, problems: BIG_PROBLEMS, added: 3000 });
    expect(r.series).toEqual(['BINANCE:BTCUSDT:1m', 'BINANCE:ETHUSDT:1m']);
    expect(await bothSeries(dir)).toEqual([barsOf(BTC), barsOf(ETH)]);
    expect(watermarkRows(dir)).toBe(3001);
  });

  it('never reaches a row worker (each one here ends on its first block)', async () => {
    await pgSql(`CREATE TABLE only_huge AS SELECT * FROM huge_symbol WHERE length(symbol) > 64`);
    const dir = path.join(tmp.dir, 'only-huge');
    const r = await withThreadExit('db-row-block', () => migrate('only_huge', dir, 'skip'));
    expect(r.rowsRead).toBe(1);
    expect(r.problems).toEqual(BIG_PROBLEMS);
  });

  it('with --on-error reject refuses the import and writes nothing', async () => {
    const dir = path.join(tmp.dir, 'reject');
    const r = await migrate('huge_symbol', dir, 'reject');
    expect(summary(r)).toEqual({ outcome: 'rejected', rowsRead: 3001, problems: BIG_PROBLEMS, added: 0 });
    expect(await bothSeries(dir)).toEqual([[], []]);
  });
});

describe('a row over 32 MB', () => {
  beforeAll(() => table('oversized_symbol', 33 * MB));

  it('is refused before it is read, named by its row and key; nothing written', async () => {
    const dir = path.join(tmp.dir, 'too-long');
    const err = await failure(migrate('oversized_symbol', dir, 'skip'));
    const ts = Date.parse(BIG_TS);
    const key = `ts ${ts} (${BIG_TS}), venue "BINANCE", symbol "${'x'.repeat(40)}…"`;
    expect(err?.code).toBe('DATA');
    expect(err?.details).toEqual({
      reason: 'db_row_too_large',
      source: 'table oversized_symbol',
      row: BIG_ROW,
      key,
      maxBytes: 32 * MB,
    });
    expect(err?.message.replace(/^postgres:\/\/\S+ /, '')).toBe(
      `table oversized_symbol: row 1,403 of this run (in key order, ${key}) is longer than 32 MB, where a bar row takes well under a kilobyte: a column mapped to venue, symbol is almost surely the wrong one (a text or document column); check the mapping (--series-from, --map; Preview shows it) or leave such rows out with --query; nothing of the rows being read was written: the catalog holds only what earlier commits wrote, and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold)`,
    );
    // Its first 1000 rows' block was still being read when the row passed 32 MB: no commit yet.
    expect(await bothSeries(dir)).toEqual([[], []]);
    expect(existsSync(path.join(dir, 'db-imports'))).toBe(false);
  });
});

type Failure = { code: string; message: string; details: Record<string, unknown> };

/** The migration of plain_minutes failed as its `worker` thread died: code DATA, exactly `message`, the details and `more`. */
function expectDied(
  err: Failure | null,
  worker: string,
  message: string,
  more: Record<string, unknown> = {},
) {
  expect(err?.code).toBe('DATA');
  expect(err?.details).toEqual({ reason: 'db_worker_died', worker, source: 'table plain_minutes', ...more });
  expect(err?.message).toBe(message);
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Failure,
  );

/** Runs `fn` with BARCAT_THREAD_EXIT_AT set: worker threads started meanwhile end at that stage. */
async function withThreadExit<T>(stage: string, fn: () => Promise<T>): Promise<T> {
  process.env.BARCAT_THREAD_EXIT_AT = stage;
  try {
    return await fn();
  } finally {
    delete process.env.BARCAT_THREAD_EXIT_AT;
  }
}

/**
 * The migration of plain_minutes into the temp folder `name`, 1000 rows a commit, as the app and CLI
 * run it (its own worker thread), with that thread and those it starts ending at `stage` (and
 * BARCAT_FAIL_AT at `failAt`): the request and the error it failed with.
 */
async function threadDies(name: string, stage: string, failAt?: string) {
  const dir = path.join(tmp.dir, name);
  const req = await minutesMigration('plain_minutes', dir, { chunkRows: 1000 });
  if (failAt) process.env.BARCAT_FAIL_AT = failAt;
  try {
    return {
      dir,
      req,
      err: await withThreadExit(stage, () => failure(callDbWorker({ kind: 'import', req }))),
    };
  } finally {
    delete process.env.BARCAT_FAIL_AT;
  }
}

describe('a worker thread dying during a migration', () => {
  beforeAll(() => barsTable('plain_minutes', [...BTC, ...ETH]));

  it('a row worker: a coded error naming the rows it read, nothing written', async () => {
    const dir = path.join(tmp.dir, 'row-worker-dies');
    const err = await withThreadExit('db-row-block', () => failure(migrate('plain_minutes', dir, 'skip')));
    expect(err?.code).toBe('DATA');
    expect(err?.details).toMatchObject({
      reason: 'db_worker_died',
      worker: 'rows',
      source: 'table plain_minutes',
      firstRow: 1,
    });
    expect(err?.message.replace(/^postgres:\/\/\S+ /, '')).toMatch(
      /^table plain_minutes: the row worker thread reading rows from 1 of this run \(a block of [\d,]+ bytes\) died \(worker exited with code 1\); nothing of the rows being read was written: the catalog holds only what earlier commits wrote, and the watermark at or before their last row \(a re-run reads again the rows after it, whose bars the catalog may already hold\)\. Run the import again: it resumes after the watermark\. If it dies again at the same rows, check the mapping \(Preview\) and the memory free on this machine$/,
    );
    expect(await catalogBars(dir, 'BINANCE:BTCUSDT:1m')).toEqual([]);
    expect(existsSync(path.join(dir, 'db-imports'))).toBe(false);
  });

  it("the migration's own thread (as the app and CLI run it): a coded error, the commit it made kept, a re-run completes", async () => {
    // Between the first commit's bars and its watermark.
    const { dir, req, err } = await threadDies('migration-dies', 'db-import-written-1');
    const { plan } = req;
    expectDied(
      err,
      'import',
      `${plan.sourceLabel}: the database migration's worker thread died (worker exited with code 1); the catalog holds what its earlier commits wrote (a commit it was making was finished or undone), and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold); it left no staged files. Run the import again: it resumes after the watermark`,
      { stagedFilesRemoved: 0 },
    );
    expect(plan.sourceLabel).toMatch(/^postgres:\/\/\S+ table plain_minutes$/);
    expect(await catalogBars(dir, 'BINANCE:BTCUSDT:1m')).toEqual(barsOf(BTC.slice(0, 500)));
    expect(existsSync(path.join(dir, 'db-imports'))).toBe(false);
    const again = await callDbWorker({ kind: 'import', req });
    expect(again.kind === 'import' && again.result.written).toMatchObject({ added: 2000, skipped: 1000 });
    expect(await bothSeries(dir)).toEqual([barsOf(BTC), barsOf(ETH)]);
    expect(watermarkRows(dir)).toBe(3000);
  });
  it("the migration's own thread, its recovery failing too: the code kept, the cleanup's failure added to the message", async () => {
    // The first commit's ETHUSDT write starts after BTCUSDT's went in; then the recovery throws.
    const { dir, req, err } = await threadDies('recovery-fails', 'write-start#2', 'dead-worker-recovery');
    expectDied(
      err,
      'import',
      `${req.plan.sourceLabel}: the database migration's worker thread died (worker exited with code 1); cleaning up after it (removing its staged files, freeing the catalog lock it held, finishing or undoing the commit it was making) failed too (test hook BARCAT_FAIL_AT: failed at dead-worker-recovery); the next open of the catalog after this process ends does that cleanup. Then run the import again: it resumes after the watermark`,
    );
    // Nothing was cleaned, as the message says: ETHUSDT's staged partition is still there.
    expect(
      readdirSync(path.join(dir, '.staging'), { recursive: true }).filter((f) =>
        String(f).endsWith('.parquet'),
      ),
    ).toHaveLength(1);
  });

  it("the migration's own thread, freeing its lock failing: its staging folder still removed, both told", async () => {
    const { dir, req, err } = await threadDies('lock-step-fails', 'write-start#2', 'dead-worker-lock');
    expect(err?.code).toBe('DATA');
    expect(err?.message).toBe(
      `${req.plan.sourceLabel}: the database migration's worker thread died (worker exited with code 1); cleaning up after it (removing its staged files, freeing the catalog lock it held, finishing or undoing the commit it was making) failed too (test hook BARCAT_FAIL_AT: failed at dead-worker-lock; its 1 staged file was removed); the next open of the catalog after this process ends does that cleanup. Then run the import again: it resumes after the watermark`,
    );
    // The lock step failed, yet ETHUSDT's staged partition is gone, with the emptied staging folder.
    expect(existsSync(path.join(dir, '.staging'))).toBe(false);
  });

  it("the migration's own thread, removing its staging folder failing: the lock freed and its commit finished first, the folder named in the message; a re-run completes", async () => {
    const { dir, req, err } = await threadDies(
      'staging-removal-fails',
      'write-start#2',
      'remove-thread-staging',
    );
    // Its one staged file went or is left in the folder the message names (the hook fails the
    // first of the thread's folders it meets: an emptied one of an earlier commit may come first).
    const staging = path.join(dir, '.staging');
    const [folder, ...more] = readdirSync(staging);
    expect(more).toEqual([]);
    const removed = err?.details.stagedFilesRemoved;
    expect(removed).toBe(1 - readdirSync(path.join(staging, String(folder))).length);
    expectDied(
      err,
      'import',
      `${req.plan.sourceLabel}: the database migration's worker thread died (worker exited with code 1); the catalog holds what its earlier commits wrote (a commit it was making was finished or undone), and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold); ${removed === 1 ? "the 1 staged file it had not committed was removed from the catalog's staging folder; " : ''}its staging folder .staging/${folder} (test hook BARCAT_FAIL_AT: failed at remove-thread-staging) could not be removed: the next open of the catalog after this process ends removes it. Run the import again: it resumes after the watermark`,
      { stagedFilesRemoved: removed },
    );
    // The lock was freed (and the commit finished) before: the re-run writes at once.
    const again = await callDbWorker({ kind: 'import', req });
    expect(again.kind === 'import' && again.result.written).toMatchObject({ added: 2500 });
    expect(await bothSeries(dir)).toEqual([barsOf(BTC), barsOf(ETH)]);
  });

  it('an encode worker nested in the migration dying (relayed from its thread): a coded error naming it, nothing written, no staged file left; a re-run completes', async () => {
    const { dir, req, err } = await threadDies('encoder-dies', 'encode-partition');
    expectDied(
      err,
      'encode',
      `${req.plan.sourceLabel}: a catalog encode worker thread of the database migration died (worker exited with code 1) while it staged bars; nothing of the rows being read was written: the catalog holds only what earlier commits wrote, and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold). Run the import again: it resumes after the watermark. If it dies again, check the memory free on this machine`,
    );
    expect(existsSync(path.join(dir, '.staging'))).toBe(false);
    expect(await catalogBars(dir, 'BINANCE:BTCUSDT:1m')).toEqual([]);
    const again = await callDbWorker({ kind: 'import', req });
    expect(again.kind === 'import' && again.result.written).toMatchObject({ added: 3000, skipped: 0 });
    expect(await bothSeries(dir)).toEqual([barsOf(BTC), barsOf(ETH)]);
  });
});
