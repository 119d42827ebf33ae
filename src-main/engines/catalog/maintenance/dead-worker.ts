import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { crashPoint } from '../disk/crash-hook';
import { acquireWriteLock, breakLockOfDeadThread, DEFAULT_LOCK_WAIT_MS } from '../disk/lock';
import { appendOp } from '../disk/oplog';
import { removeStagingOfThread } from '../write/staging';
import { sweepAll } from './sweep';

/** The thread id a WorkerPool puts on the error of a call whose worker died (see workers/pool.ts). */
function deadThreadOf(err: unknown): number | undefined {
  const details = (err as { details?: { threadId?: unknown } } | null)?.details;
  return typeof details?.threadId === 'number' ? details.threadId : undefined;
}

/** The lock step's error, with what the staging removal that still ran did (both reported, none lost). */
function bothFailures(err: unknown, removed: number, left: readonly string[]): BarcatError {
  const message = err instanceof Error ? err.message : String(err);
  const staging =
    left.length > 0
      ? `its staging folders could not all be removed either (${left.join('; ')})`
      : `its ${removed} staged file${removed === 1 ? ' was' : 's were'} removed`;
  return new BarcatError(err instanceof BarcatError ? err.code : 'INTERNAL', `${message}; ${staging}`, {
    stagedFilesRemoved: removed,
    stagingLeft: left,
  });
}

/**
 * After a worker thread died mid-write: frees the lock it held (its pid, ours, is alive, so nothing
 * else would) and cleans what it left, as the next open after a crashed process does; then removes
 * the staging folders it made (named by its thread, so only its own), each as it can: `stagingLeft`
 * names those that could not go (a later process's open removes them). The lock goes first, so no
 * failure after it leaves the catalog locked; the staging removal runs even when that step fails,
 * and a failure of the lock step is thrown with what the removal did.
 */
export async function recoverFromDeadWorker(
  root: string,
  err: unknown,
): Promise<{ stagedFiles: number; stagingLeft: string[] }> {
  const thread = deadThreadOf(err);
  if (thread === undefined) return { stagedFiles: 0, stagingLeft: [] };
  crashPoint('dead-worker-recovery');
  let lockFailed: { err: unknown } | undefined;
  try {
    crashPoint('dead-worker-lock');
    if (await breakLockOfDeadThread(root, thread)) {
      const release = await acquireWriteLock(root, { waitMs: DEFAULT_LOCK_WAIT_MS });
      try {
        await sweepAll(root);
      } finally {
        await release();
      }
    }
  } catch (err) {
    lockFailed = { err };
  }
  // Its staging folders are its own whatever the lock step did: they go even when that failed.
  const { removed, failed } = await removeStagingOfThread(root, thread);
  // Nothing goes silently: the audit log names them, as it does what a sweep removes.
  if (removed.length > 0)
    await appendOp(root, {
      op: 'sweep',
      by: 'recovery',
      deleted: removed.map((f) => path.relative(root, f)),
      quarantined: [],
    });
  if (lockFailed) throw bothFailures(lockFailed.err, removed.length, failed);
  return { stagedFiles: removed.length, stagingLeft: failed };
}
