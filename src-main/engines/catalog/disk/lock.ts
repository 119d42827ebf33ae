import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { entryExists } from '../../../plumbing/entry-exists';
import { BarcatError } from '../../../plumbing/errors';
import { pidAlive } from '../../../plumbing/pid-alive';
import { crashPoint } from './crash-hook';
import { LOCK_FILE, TMP_SUFFIX } from './layout';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: number;
  token: string;
  /** The worker thread that took it (0: the main thread); lets the app free a lock its dead worker left. */
  thread?: number;
  /** When its process started (ms): tells this process from an earlier one that had the same pid. */
  processStartedAt?: number;
}

/**
 * When this process started (ms, fractional), the same in every thread: on Node 20 a worker's
 * performance.timeOrigin is the process's start, not the thread's (nodejs/node#46588). The lock's
 * processStartedAt and the staging folders' process token both derive from it.
 */
export const PROCESS_START_MS = performance.timeOrigin;

/** The process's start in whole ms, as a lock records it. */
export const PROCESS_STARTED_AT = Math.round(PROCESS_START_MS);

export interface LockOptions {
  /** How long a write waits for another process's writer before failing with LOCKED. */
  waitMs: number;
  pollMs?: number;
  /** Stops a wait (an AbortError); a wait behind this process's own writers has no other end. */
  signal?: AbortSignal;
  /** Told before each round a writer waits for the lock file, with how long it has waited (ms). */
  onWait?: (waitedMs: number) => void;
}

/** Polls of a wait behind this app's own long job (a verify of a big catalog) slow down to this. */
const OWN_JOB_POLL_MAX_MS = 200;

export const DEFAULT_LOCK_WAIT_MS = 3000;

/** How long writers wait: BARCAT_LOCK_WAIT_MS lets scripts (and the lock test) choose, else the default. */
export function lockWaitFromEnv(): number {
  const env = Number(process.env.BARCAT_LOCK_WAIT_MS);
  return process.env.BARCAT_LOCK_WAIT_MS && Number.isFinite(env) && env >= 0 ? env : DEFAULT_LOCK_WAIT_MS;
}
// A lock file without readable content older than this was left by a writer that died mid-create.
const UNREADABLE_LOCK_STALE_MS = 10_000;

/** Serializes writers within this thread before they touch the lock file (no busy polling). */
const inProcess = new Map<string, Promise<void>>();

/** Releases the lock; `brokeStale` tells that a dead writer's lock was broken (its leftovers need a sweep). */
export type Release = (() => Promise<void>) & { brokeStale?: boolean };

/**
 * Takes the catalog's single-writer lock: `.lock` created with O_EXCL holds pid, host and start time.
 * Behind another process, a writer waits up to `waitMs`, then fails with LOCKED; a lock whose
 * process is gone is broken. Behind another thread of this process (the app's own import, backfill
 * or verify job) it waits until that job ends, or until `signal` aborts: a job of the same app is
 * queued, not refused. (A thread that died holding it has its lock freed by the app: dead-worker.ts.)
 */
export async function acquireWriteLock(root: string, opts: LockOptions): Promise<Release> {
  const lockPath = writerLockPath(root);
  const previous = inProcess.get(lockPath) ?? Promise.resolve();
  let releaseLocal!: () => void;
  const mine = new Promise<void>((resolve) => {
    releaseLocal = resolve;
  });
  const chained = previous.then(() => mine);
  inProcess.set(lockPath, chained);
  const cleanupLocal = () => {
    releaseLocal();
    if (inProcess.get(lockPath) === chained) inProcess.delete(lockPath);
  };
  try {
    // A writer of this thread goes first: waited for like one of another thread (a try, waitMs 0,
    // only looks).
    if (opts.waitMs === 0) await withTimeout(previous, 0, () => readHolder(lockPath));
    else await untilSettled(previous, opts.signal);
    const { info, brokeStale } = await takeFileLock(lockPath, {
      waitMs: opts.waitMs,
      pollMs: opts.pollMs ?? 25,
      signal: opts.signal,
      onWait: opts.onWait,
    });
    const release: Release = async () => {
      try {
        const current = await readLock(lockPath);
        if (current?.token === info.token) await fs.rm(lockPath, { force: true });
      } finally {
        cleanupLocal();
      }
    };
    release.brokeStale = brokeStale;
    return release;
  } catch (err) {
    cleanupLocal();
    throw err;
  }
}

/** Tries once, without waiting; undefined when someone else holds the lock. */
export async function tryWriteLock(root: string): Promise<Release | undefined> {
  try {
    return await acquireWriteLock(root, { waitMs: 0 });
  } catch (err) {
    if (err instanceof BarcatError && err.code === 'LOCKED') return undefined;
    throw err;
  }
}

/** An AbortError, like a write cancelled further on: callers treat both the same (CANCELLED). */
function cancelledWaiting(): Error {
  const err = new Error('cancelled while waiting for the catalog to be free');
  err.name = 'AbortError';
  return err;
}

/** Resolves when `p` settles; while it waits, an abort of `signal` rejects (nothing waited, no error). */
async function untilSettled(p: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return p;
  let onAbort = () => {};
  // Listed after `p`: a `p` already settled wins the race even when the signal is already aborted.
  const aborted = signal.aborted
    ? Promise.reject(cancelledWaiting())
    : new Promise<never>((_, reject) => {
        onAbort = () => reject(cancelledWaiting());
        signal.addEventListener('abort', onAbort, { once: true });
      });
  aborted.catch(() => undefined);
  try {
    await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function withTimeout(
  p: Promise<void>,
  ms: number,
  holder: () => Promise<LockInfo | undefined>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  const winner = await Promise.race([p.then(() => 'done' as const), timeout]);
  clearTimeout(timer);
  if (winner === 'timeout') throw lockedError(await holder());
}

export async function takeFileLock(
  lockPath: string,
  opts: {
    waitMs: number;
    pollMs: number;
    signal: AbortSignal | undefined;
    onWait?: (waitedMs: number) => void;
  },
): Promise<{ info: LockInfo; brokeStale: boolean }> {
  const { waitMs, pollMs, signal } = opts;
  const began = Date.now();
  let brokeStale = false;
  let ownJobPollMs = pollMs;
  // Another process's writer gets waitMs from when it is first found holding the lock.
  let deadline = Date.now() + waitMs;
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: Date.now(),
    token: randomUUID(),
    thread: threadId,
    processStartedAt: PROCESS_STARTED_AT,
  };
  await removeDeadLockTemps(lockPath);
  for (;;) {
    // A lock seen held is not raced with a temp file each poll; link() still decides a race.
    if (!(await entryExists(lockPath)) && (await linkNewLock(lockPath, info))) return { info, brokeStale };
    const holder = await readLock(lockPath);
    if (await isStale(lockPath, holder)) {
      await breakStaleLock(lockPath, holder);
      brokeStale = true;
      continue;
    }
    if (signal?.aborted) throw cancelledWaiting();
    // A try (waitMs 0) never waits, not even for this process's own writer.
    if (waitMs > 0 && heldByOtherThreadOfThisProcess(holder)) {
      opts.onWait?.(Date.now() - began);
      ownJobPollMs = Math.min(OWN_JOB_POLL_MAX_MS, ownJobPollMs * 2);
      await sleep(ownJobPollMs);
      deadline = Date.now() + waitMs;
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(holder);
    opts.onWait?.(Date.now() - began);
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}

// Names this host in lock temps: a catalog shared between machines must not have one host remove
// another's live temp because that host's pid looks dead here.
export const HOST_TAG = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');
// A file system without hard links (FAT, exFAT, some SMB mounts) answers link() with one of these.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates the lock file whole or not at all: the holder is written to a file of its own, then
 * hard-linked into place (which fails if the lock exists). A writer killed at any point never leaves
 * an empty lock that would look held for UNREADABLE_LOCK_STALE_MS. False when the lock exists.
 */
async function linkNewLock(lockPath: string, info: LockInfo): Promise<boolean> {
  const own = `${lockPath}.${HOST_TAG}.${info.pid}.${info.token}${TMP_SUFFIX}`;
  try {
    await writeSynced(own, info);
    crashPoint('lock-temp-written');
    await fs.link(own, lockPath);
    return true;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST') return false;
    if (e.syscall === 'link' && NO_HARD_LINKS.has(e.code ?? '')) return createLockInPlace(lockPath, info);
    // A read-only or foreign folder is reported on the lock the user knows, not on our temp name.
    if (e.path === own) e.path = lockPath;
    throw err;
  } finally {
    await fs.rm(own, { force: true });
  }
}

/** Without hard links: O_EXCL create, then the holder (an empty lock after a kill here ages out). */
async function createLockInPlace(lockPath: string, info: LockInfo): Promise<boolean> {
  try {
    await writeSynced(lockPath, info);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** O_EXCL create, write, fsync; a file created but not written whole (ENOSPC, EIO) is removed. */
async function writeSynced(file: string, info: LockInfo): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(JSON.stringify(info));
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true });
    throw err;
  }
  await handle.close();
}

/** Removes the lock temps this host's writers left when they died before linking them. */
async function removeDeadLockTemps(lockPath: string): Promise<void> {
  const dir = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}.${HOST_TAG}.`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TMP_SUFFIX)) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid))
      await fs.rm(path.join(dir, name), { force: true });
  }
}

/**
 * Taken by another thread of this very process: same pid, host and process start. A lock of an
 * earlier process that had our pid, or of a process in another container with our pid and host
 * name, is not ours: waited for like any other process's, never forever.
 */
function heldByOtherThreadOfThisProcess(holder: LockInfo | undefined): boolean {
  return isThisProcess(holder) && holder.thread !== undefined && holder.thread !== threadId;
}

function isThisProcess(holder: LockInfo | undefined): holder is LockInfo {
  return (
    holder !== undefined &&
    holder.pid === process.pid &&
    holder.host === os.hostname() &&
    holder.processStartedAt === PROCESS_STARTED_AT
  );
}

function lockedError(holder: LockInfo | undefined): BarcatError {
  if (!holder)
    return new BarcatError(
      'LOCKED',
      'catalog is being written by another process; try again when it finishes',
    );
  const where = holder.host === os.hostname() ? '' : ` on ${holder.host}`;
  return new BarcatError(
    'LOCKED',
    `catalog is being written by pid ${holder.pid}${where} since ${new Date(holder.startedAt).toISOString()}; try again when that write finishes`,
    holder,
  );
}

async function readHolder(lockPath: string): Promise<LockInfo | undefined> {
  const holder = await readLock(lockPath);
  // Another Catalog in this thread holds it before the file exists: report ourselves.
  return holder ?? { pid: process.pid, host: os.hostname(), startedAt: Date.now(), token: '' };
}

export async function readLock(lockPath: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await fs.readFile(lockPath, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.token === 'string') return info as LockInfo;
    return undefined;
  } catch {
    return undefined;
  }
}

/** The writer lock file of a catalog. */
export function writerLockPath(root: string): string {
  return path.join(root, LOCK_FILE);
}

/** The holder of a lock whose process is gone (health reports it; the next writer breaks it), else undefined. */
export async function deadLockHolder(lockPath: string): Promise<LockInfo | undefined> {
  const holder = await readLock(lockPath);
  return holder && (await isStale(lockPath, holder)) ? holder : undefined;
}

async function isStale(lockPath: string, holder: LockInfo | undefined): Promise<boolean> {
  if (!holder) {
    try {
      const st = await fs.stat(lockPath);
      return Date.now() - st.mtimeMs > UNREADABLE_LOCK_STALE_MS;
    } catch {
      return false;
    }
  }
  // A lock from another host cannot be checked; it stays until that host releases it.
  return holder.host === os.hostname() && !pidAlive(holder.pid);
}

// Two waiters may both find the same stale lock: a second O_EXCL file makes only one of them break it.
async function breakStaleLock(lockPath: string, seen: LockInfo | undefined): Promise<void> {
  const breaker = `${lockPath}.break`;
  try {
    const handle = await fs.open(breaker, 'wx');
    await handle.close();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const st = await fs.stat(breaker).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > UNREADABLE_LOCK_STALE_MS) await fs.rm(breaker, { force: true });
    await sleep(5);
    return;
  }
  try {
    const now = await readLock(lockPath);
    if ((now?.token ?? '') === (seen?.token ?? '')) await fs.rm(lockPath, { force: true });
  } finally {
    await fs.rm(breaker, { force: true });
  }
}

/**
 * Frees the lock a worker thread of this process took and could not release because it died (its
 * pid is alive, so no one would ever see the lock as stale). Returns whether it was that thread's.
 */
export async function breakLockOfDeadThread(root: string, thread: number): Promise<boolean> {
  const lockPath = writerLockPath(root);
  const holder = await readLock(lockPath);
  if (!isThisProcess(holder) || holder.thread !== thread) return false;
  await breakStaleLock(lockPath, holder);
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
