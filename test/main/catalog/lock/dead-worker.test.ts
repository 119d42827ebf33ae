import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  acquireWriteLock,
  breakLockOfDeadThread,
  tryWriteLock,
} from '../../../../src-main/engines/catalog/disk/lock';
import { batchFromBars, openCatalog, tableToBars } from '../../../../src-main/engines/catalog/index';
import { recoverFromDeadWorker } from '../../../../src-main/engines/catalog/maintenance/dead-worker';
import { runMaintenance } from '../../../../src-main/engines/catalog/maintenance/maintenance';
import { minuteBars, repoRoot, T0, tempDirEach } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;

/** Runs the dying writer in a real worker thread; resolves with its thread id once it has exited. */
function dyingWriter(dir: string): Promise<number> {
  const entry = pathToFileURL(path.join(repoRoot, 'test/main/catalog/lock/dying-writer-worker.ts')).href;
  const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  const w = new Worker(code, { eval: true, workerData: { dir } });
  const thread = w.threadId;
  return new Promise((resolve, reject) => {
    w.once('error', reject);
    w.once('exit', (code) => (code === 1 ? resolve(thread) : reject(new Error(`exit ${code}`))));
  });
}

async function catalogWithBars(dir: string): Promise<void> {
  const cat = await openCatalog(dir);
  await cat.write(KEY, batchFromBars(minuteBars(T0, 10)), 'merge');
  await cat.close();
}

/** A worker thread of this process that holds the lock until `release()`; resolves once it holds it. */
async function holdingWriter(
  dir: string,
): Promise<{ release: () => Promise<void>; stop: () => Promise<number> }> {
  const entry = pathToFileURL(path.join(repoRoot, 'test/main/catalog/lock/holding-writer-worker.ts')).href;
  const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  const w = new Worker(code, { eval: true, workerData: { dir } });
  await new Promise((resolve, reject) => {
    w.once('error', reject);
    w.once('message', resolve);
  });
  return {
    release: () =>
      new Promise((resolve) => {
        w.once('message', () => resolve());
        w.postMessage('release');
      }),
    stop: () => w.terminate(),
  };
}

/**
 * Opens the catalog and starts a write of `n` bars after its ten; resolves once that write has waited
 * `ms` for the lock (its own report through onLockWait, not a sleep of the test's).
 */
async function writeWaitingPast(ms: number, n: number, signal?: AbortSignal) {
  let reached!: () => void;
  const past = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const cat = await openCatalog(dir(), { lockWaitMs: 50, onLockWait: (waited) => waited >= ms && reached() });
  const write = cat.write(KEY, batchFromBars(minuteBars(T0 + 600_000, n)), 'merge', signal && { signal });
  await past;
  return { cat, write };
}

/** Tells whether a promise has settled yet, without waiting for it. */
async function settledYet(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 0));
  return done;
}

// Every test starts from a catalog with ten bars, in a folder of its own.
const dir = tempDirEach('barcat-lock-wait-');
beforeEach(async () => {
  await catalogWithBars(dir());
});

/** Writes the catalog's lock file as a writer on this host would (the fields given, then a token). */
function writeLock(fields: { pid: number; startedAt: number; thread: number; processStartedAt?: number }) {
  writeFileSync(path.join(dir(), '.lock'), JSON.stringify({ host: os.hostname(), token: 't', ...fields }));
}

describe('a worker thread that dies holding the catalog lock', () => {
  it('holds writers back (its pid is alive) until the app frees its lock and sweeps its leftovers', async () => {
    const thread = await dyingWriter(dir());
    // A thread of this same process holds the lock: the write waits (well past lockWaitMs).
    const { cat, write } = await writeWaitingPast(300, 1);
    expect(await settledYet(write)).toBe(false);
    // Another thread's death is not this lock's: it stays.
    await recoverFromDeadWorker(dir(), { details: { threadId: thread + 1000 } });
    expect(existsSync(path.join(dir(), '.lock'))).toBe(true);
    expect(await settledYet(write)).toBe(false);

    await recoverFromDeadWorker(dir(), { details: { threadId: thread } });
    expect((await write).added).toBe(1);
    expect(existsSync(path.join(dir(), '.lock'))).toBe(false);
    expect(readdirSync(path.join(dir(), 'manifests')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await cat.close();
  });
});

describe('a write while another job of the same app holds the lock', () => {
  it('waits for that job however long it runs, then writes', async () => {
    const job = await holdingWriter(dir());
    const { cat, write } = await writeWaitingPast(400, 2);
    expect(await settledYet(write)).toBe(false);
    await job.release();
    expect(await write).toMatchObject({ added: 2, partitionsWritten: 1 });
    await job.stop();
    await cat.close();
  });

  it('stops waiting when its signal aborts, with nothing written', async () => {
    const job = await holdingWriter(dir());
    // Aborted once it is waiting behind the job.
    const ac = new AbortController();
    const { cat, write } = await writeWaitingPast(0, 2, ac.signal);
    ac.abort();
    await expect(write).rejects.toMatchObject({
      name: 'AbortError',
      message: 'cancelled while waiting for the catalog to be free',
    });
    await job.release();
    await job.stop();
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual(minuteBars(T0, 10));
    await cat.close();
  });

  it('on the same thread too: a write queues behind another one however long that takes', async () => {
    const held = await acquireWriteLock(dir(), { waitMs: 0 });
    const cat = await openCatalog(dir(), { lockWaitMs: 50 });
    const write = cat.write(KEY, batchFromBars(minuteBars(T0 + 600_000, 3)), 'merge');
    // A try (openCatalog's sweep uses one) does not wait.
    expect(await tryWriteLock(dir())).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(await settledYet(write)).toBe(false);
    // Cancelling a queued write ends its wait and leaves the queue working.
    const ac = new AbortController();
    const cancelled = cat.write(KEY, batchFromBars(minuteBars(T0 + 720_000, 1)), 'merge', {
      signal: ac.signal,
    });
    ac.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    await held();
    expect((await write).added).toBe(3);
    await cat.close();
  });

  it('an earlier process that had this pid is another process: refused after lockWaitMs', async () => {
    // A worker thread's lock left by a process that died, whose pid this process now has.
    writeLock({
      pid: process.pid,
      startedAt: Date.now() - 60_000,
      thread: 7,
      processStartedAt: Math.round(performance.timeOrigin) - 60_000,
    });
    const cat = await openCatalog(dir(), { lockWaitMs: 50 });
    await expect(cat.write(KEY, batchFromBars(minuteBars(T0 + 600_000, 1)), 'merge')).rejects.toMatchObject({
      code: 'LOCKED',
    });
    // Nor does the app take it for one of its own dead workers.
    expect(await breakLockOfDeadThread(dir(), 7)).toBe(false);
    await cat.close();
  });

  it('a try never waits, not even for a job of the same app', async () => {
    const job = await holdingWriter(dir());
    // Held until released below: a try that waited would never come back.
    expect(await tryWriteLock(dir())).toBeUndefined();
    await job.release();
    await job.stop();
  });

  it('another process holding it is still refused after lockWaitMs, naming its pid', async () => {
    // The lock file of a live process other than this one (the parent of this test process).
    writeLock({ pid: process.ppid, startedAt: Date.now(), thread: 0 });
    const cat = await openCatalog(dir(), { lockWaitMs: 50 });
    await expect(cat.write(KEY, batchFromBars(minuteBars(T0 + 600_000, 1)), 'merge')).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining(`catalog is being written by pid ${process.ppid} since`),
    });
    await cat.close();
  });
});

describe('verify behind a write of the same app', () => {
  it('waits for the app’s own writer instead of failing, then runs', async () => {
    const release = await acquireWriteLock(dir(), { waitMs: 0 });
    let finished = false;
    const run = runMaintenance(dir(), 'verify', { lockWaitMs: 20 }).then((r) => {
      finished = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(finished).toBe(false);
    await release();
    const result = await run;
    expect(result).toMatchObject({ kind: 'verify', partitionsChecked: 1, ok: 1, quarantined: [] });
  });
});
