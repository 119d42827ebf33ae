import type { Job, JobEvent } from '../../src-shared/domain/job';
import type { Interval } from '../../src-shared/domain/range';
import type { ProviderKey } from '../providers/types';
import type { StoredJob } from './job-store';
import type { RetryPolicy } from './retry';

/** workerData of a backfill worker: everything it needs, keys included (memory only, never logged). */
export interface BackfillWorkerData {
  catalogDir: string;
  stored: StoredJob;
  alreadyQueued: Interval[];
  policy: RetryPolicy;
  requestsPerSecond?: number;
  archiveBaseUrl?: string;
  concurrency?: number;
  /** Added to Date.now() for "now" (tests stand at a chosen moment). */
  nowOffsetMs: number;
  key?: ProviderKey;
}

export type ToWorker = { type: 'cancel' };
export type FromWorker =
  | { type: 'event'; event: JobEvent }
  | { type: 'done'; job: Job }
  | { type: 'error'; message: string };
