// The backfill engine's public surface: the service the app, CLI and web host use.
export { type Clock, shiftedClock, systemClock } from './clock';
export { JobStore } from './job-store';
export type { PlannedRequest } from './planner';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export {
  type BackfillService,
  type BackfillServiceOptions,
  createBackfillService,
  type JobExecutor,
} from './service';
