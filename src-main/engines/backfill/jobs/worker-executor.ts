import type { Job, JobEvent } from '../../../../src-shared/domain/job';
import { workerFile } from '../../../plumbing/workers/locate';
import { WorkerPool } from '../../../plumbing/workers/pool';
import { recoverFromDeadWorker } from '../../catalog/index';
import type { SizeLimits } from '../../providers/limits';
import type { GetKey } from '../../providers/types';
import type { Clock } from '../requests/clock';
import type { RetryPolicy } from '../requests/retry';
import type { JobExecutor } from './service';
import type { BackfillCall } from './worker-main';

export interface WorkerExecutorOptions {
  catalogDir: string;
  getKey: GetKey;
  policy: RetryPolicy;
  clock?: Clock;
  requestsPerSecond?: number;
  archiveBaseUrl?: string;
  concurrency?: number;
  flushBars?: number;
  sizeLimits?: SizeLimits;
}

/**
 * Runs jobs in a worker thread of the shared pool (workers/pool.ts): job events come back as the
 * call's progress, a cancel as the pool's cancel, a failure as an error value.
 */
export function workerExecutor(opts: WorkerExecutorOptions): JobExecutor & { close(): Promise<void> } {
  // One thread: jobs run one after another anyway (one catalog writer, one provider budget).
  let pool: WorkerPool<BackfillCall, Job, JobEvent> | undefined;
  const run: JobExecutor = async (stored, ctx) => {
    pool ??= new WorkerPool<BackfillCall, Job, JobEvent>(workerFile('backfill'), 1, { unrefIdle: true });
    const call: BackfillCall = {
      catalogDir: opts.catalogDir,
      stored,
      alreadyQueued: ctx.alreadyQueued,
      policy: opts.policy,
      requestsPerSecond: opts.requestsPerSecond,
      archiveBaseUrl: opts.archiveBaseUrl,
      concurrency: opts.concurrency,
      flushBars: opts.flushBars,
      sizeLimits: opts.sizeLimits,
      nowOffsetMs: opts.clock ? opts.clock.now() - Date.now() : 0,
      key: await opts.getKey(stored.request.provider),
    };
    try {
      return await pool.call(call, { signal: ctx.signal, onProgress: ctx.emit });
    } catch (err) {
      // A dead worker cannot release the catalog lock it held: free it and clean what it left.
      await recoverFromDeadWorker(opts.catalogDir, err);
      throw err;
    }
  };
  return Object.assign(run, { close: async () => pool?.close() });
}
