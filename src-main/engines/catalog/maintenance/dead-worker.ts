import path from 'node:path';
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

/**
 * After a worker thread died mid-write: removes the staging folders it made (named by its thread id,
 * so only its own), frees the lock it held (its pid, ours, is alive, so nothing else would) and cleans
 * what it left, as the next open after a crashed process does. Returns how many staged files it removed.
 */
export async function recoverFromDeadWorker(root: string, err: unknown): Promise<{ stagedFiles: number }> {
  crashPoint('dead-worker-recovery');
  const thread = deadThreadOf(err);
  if (thread === undefined) return { stagedFiles: 0 };
  const staged = await removeStagingOfThread(root, thread);
  // Nothing goes silently: the audit log names them, as it does what a sweep removes.
  if (staged.length > 0)
    await appendOp(root, {
      op: 'sweep',
      by: 'recovery',
      deleted: staged.map((f) => path.relative(root, f)),
      quarantined: [],
    });
  if (!(await breakLockOfDeadThread(root, thread))) return { stagedFiles: staged.length };
  const release = await acquireWriteLock(root, { waitMs: DEFAULT_LOCK_WAIT_MS });
  try {
    await sweepAll(root);
  } finally {
    await release();
  }
  return { stagedFiles: staged.length };
}
