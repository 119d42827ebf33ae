// The backfill engine's public surface: the service the app, CLI and web host use.

export { backfillJobOf, JobStore } from './jobs/job-store';
export {
  type BackfillService,
  type BackfillServiceOptions,
  createBackfillService,
  type JobExecutor,
} from './jobs/service';
export { fetchRange, type RefetchOptions } from './refetch';
export { type Clock, shiftedClock, systemClock } from './requests/clock';
export type { PlannedRequest } from './requests/planner';
export { DEFAULT_RETRY, type RetryPolicy } from './requests/retry';
export { seriesProvider, seriesRequestSettings } from './series-provider';
