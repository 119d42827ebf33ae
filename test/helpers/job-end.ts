import type { JobView } from '../../src-shared/contract';
import { until } from './until';

/** A job that is neither queued nor running any more: done, failed or cancelled. */
export function hasEnded(job: JobView | undefined): job is JobView {
  return job !== undefined && job.state !== 'running' && job.state !== 'queued';
}

/** Polls `listJobs` until the job has ended; returns it as listed (failing with its last view if it never does). */
export function jobEnded(listJobs: () => Promise<JobView[]>, jobId: string): Promise<JobView> {
  let last: JobView | undefined;
  return until(
    () => `job ${jobId} ending (last seen: ${JSON.stringify(last)})`,
    async () => {
      last = (await listJobs()).find((j) => j.id === jobId);
      return hasEnded(last) ? last : undefined;
    },
  );
}
