import { Worker } from 'node:worker_threads';
import type { Job } from '../../src-shared/domain/job';
import { recoverFromDeadWorker } from '../catalog/dead-worker';
import { BarcatError } from '../errors';
import type { GetKey } from '../providers/types';
import { workerFile } from '../workers/locate';
import type { Clock } from './clock';
import type { RetryPolicy } from './retry';
import type { JobExecutor } from './service';
import type { BackfillWorkerData, FromWorker } from './worker-protocol';

export interface WorkerExecutorOptions {
  catalogDir: string;
  getKey: GetKey;
  policy: RetryPolicy;
  clock?: Clock;
  requestsPerSecond?: number;
  archiveBaseUrl?: string;
  concurrency?: number;
}

/** Runs each job in its own worker thread; this thread only relays its events. */
export function workerExecutor(opts: WorkerExecutorOptions): JobExecutor {
  return async (stored, ctx) => {
    const key = await opts.getKey(stored.request.provider);
    const data: BackfillWorkerData = {
      catalogDir: opts.catalogDir,
      stored,
      alreadyQueued: ctx.alreadyQueued,
      policy: opts.policy,
      requestsPerSecond: opts.requestsPerSecond,
      archiveBaseUrl: opts.archiveBaseUrl,
      concurrency: opts.concurrency,
      nowOffsetMs: opts.clock ? opts.clock.now() - Date.now() : 0,
      key,
    };
    const worker = new Worker(workerFile('backfill'), { workerData: data });
    const died = { threadId: worker.threadId };
    const onAbort = () => worker.postMessage({ type: 'cancel' });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<Job>((resolve, reject) => {
        let settled = false;
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'event') ctx.emit(m.event);
          else if (m.type === 'done') {
            settled = true;
            resolve(m.job);
          } else {
            settled = true;
            reject(new BarcatError('INTERNAL', `backfill worker failed: ${m.message}`));
          }
        });
        worker.on('error', (err) => {
          settled = true;
          reject(new BarcatError('INTERNAL', `backfill worker crashed: ${err.message}`, died));
        });
        worker.on('exit', (code) => {
          if (!settled)
            reject(
              new BarcatError('INTERNAL', `backfill worker exited with code ${code} before finishing`, died),
            );
        });
      });
    } catch (err) {
      // A dead worker cannot release the catalog lock it held: free it and clean what it left.
      await recoverFromDeadWorker(opts.catalogDir, err);
      throw err;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await worker.terminate();
    }
  };
}
