import { acquireWriteLock, breakLockOfDeadThread, DEFAULT_LOCK_WAIT_MS } from '../disk/lock';
import { sweepAll } from './sweep';

/** The thread id a WorkerPool puts on the error of a call whose worker died (see workers/pool.ts). */
function deadThreadOf(err: unknown): number | undefined {
  const details = (err as { details?: { threadId?: unknown } } | null)?.details;
  return typeof details?.threadId === 'number' ? details.threadId : undefined;
}

/**
 * After a worker thread died mid-write: frees the lock it held (its pid, ours, is alive, so nothing
 * else would) and cleans what it left, as the next open after a crashed process does.
 */
export async function recoverFromDeadWorker(root: string, err: unknown): Promise<void> {
  const thread = deadThreadOf(err);
  if (thread === undefined || !(await breakLockOfDeadThread(root, thread))) return;
  const release = await acquireWriteLock(root, { waitMs: DEFAULT_LOCK_WAIT_MS });
  try {
    await sweepAll(root);
  } finally {
    await release();
  }
}
