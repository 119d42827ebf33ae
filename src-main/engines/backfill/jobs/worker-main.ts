import type { Job, JobEvent } from '../../../../src-shared/domain/job';
import type { Interval } from '../../../../src-shared/domain/range';
import { openCatalog } from '../../catalog/index';
import type { SizeLimits } from '../../providers/limits';
import type { ProviderKey } from '../../providers/types';
import { sleep } from '../requests/clock';
import type { RetryPolicy } from '../requests/retry';
import { JobStore, type StoredJob } from './job-store';
import { runJob } from './runner';
import { limiterRegistry, providersFor } from './setup';

/** One call to the backfill worker (workers/backfill.worker.ts): everything a job needs, key included. */
export interface BackfillCall {
  catalogDir: string;
  stored: StoredJob;
  alreadyQueued: Interval[];
  policy: RetryPolicy;
  requestsPerSecond?: number;
  archiveBaseUrl?: string;
  concurrency?: number;
  flushBars?: number;
  sizeLimits?: SizeLimits;
  /** Added to Date.now() for "now" (tests stand at a chosen moment). */
  nowOffsetMs: number;
  /** In memory only: never logged, never written. */
  key?: ProviderKey;
}

/** Body of a backfill call in the worker: runs one job against its own catalog handle. */
export async function runBackfillCall(
  call: BackfillCall,
  signal: AbortSignal,
  emit: (e: JobEvent) => void,
): Promise<Job> {
  const clock = { now: () => Date.now() + call.nowOffsetMs, sleep };
  const catalog = await openCatalog(call.catalogDir);
  try {
    const store = new JobStore(call.catalogDir);
    const { stored } = call;
    const { rest, archive } = providersFor(
      stored.request.provider,
      stored.request.baseUrl,
      call.archiveBaseUrl,
      async () => call.key,
      call.sizeLimits?.maxUnzippedBytes,
      stored.request.ibkr,
    );
    const limiters = limiterRegistry(clock, call.requestsPerSecond);
    return await runJob({
      catalog,
      stored,
      save: (s) => store.save(s),
      appendAttempts: (a) => store.appendAttempts(stored.job.id, a),
      rest,
      archive,
      fetch,
      clock,
      random: Math.random,
      policy: call.policy,
      limiterFor: (host) => limiters(stored.request.provider, host),
      signal,
      emit,
      alreadyQueued: call.alreadyQueued,
      concurrency: call.concurrency,
      flushBars: call.flushBars,
      sizeLimits: call.sizeLimits,
    });
  } finally {
    await catalog.close();
  }
}
