import { availableParallelism } from 'node:os';
import { builtWorkerFile } from '../../../plumbing/workers/locate';
import { WorkerPool } from '../../../plumbing/workers/pool';
import { ownBuffer, type RowBlockAnswer, type RowBlockRequest } from './row-blocks';
import type { DbImportProgress } from './run-import';

/**
 * Two threads where cores are left for them beside PostgreSQL's COPY and the migration's own thread;
 * none on two cores: there one thread won at 10M rows on a quiet machine (18.4 s wall, 17.3 s CPU
 * against 20.7 s, 21.3 s with two row workers; docs/performance.md "Database migration").
 */
export const ROW_WORKERS = Math.min(2, Math.max(0, availableParallelism() - 2));

/** Threads that read blocks of source rows through the rules (the db-import worker entry serves them). */
export interface RowWorkers {
  /** Moves req.text to the worker (it is detached here until the answer hands it back). */
  read(req: RowBlockRequest, signal?: AbortSignal): Promise<RowBlockAnswer>;
  close(): Promise<void>;
}

type RowPool = WorkerPool<RowBlockRequest, RowBlockAnswer, DbImportProgress>;

/** `size` worker threads, or null (read on this thread) for none or when the worker bundle is not built. */
export function rowWorkers(size: number): RowWorkers | null {
  const file = size > 0 ? builtWorkerFile('db-import') : undefined;
  if (!file) return null;
  // A block's rows are garbage once read: small generations (4 MB young, 32 MB old; V8 would let each
  // grow to 48 MB and 70-77 MB) keep each thread's memory low for a few more, cheap, collections. At
  // 2M rows with two threads the process peaked at 432 MB with these caps, 467-495 MB with 8 and 48
  // (docs/performance.md "Database migration"); a block of BLOCK_BYTES keeps well under them.
  const pool: RowPool = new WorkerPool(file, size, {
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
  });
  return {
    // Moved, not copied: a copy is allocated by the worker's thread, and glibc's per-thread heaps kept
    // ~40 MB each of those freed 256 KB blocks (10M rows: 493 MB peak copied; see docs/performance.md).
    read: (req, signal) => pool.call(req, { signal, transfer: ownBuffer(req.text) }),
    close: () => pool.close(),
  };
}
