import type { JobView } from '../../src-shared/contract';

/** A finished job's view as a job file holds it; `patch` sets what a test is about. */
export function jobView(patch: Partial<JobView> & Pick<JobView, 'id' | 'kind'>): JobView {
  return {
    title: patch.id,
    state: 'done',
    createdAt: 1,
    finishedAt: 2,
    done: 0,
    total: null,
    unit: 'bars',
    ratePerSec: null,
    etaMs: null,
    message: null,
    problems: [],
    parked: 0,
    seriesIds: [],
    ...patch,
  };
}
