// The resampling engine's public surface: finer bars to a coarser timeframe, on read.
export type { Resampled } from './aggregate';
export type { Align } from './buckets';
export {
  levelFor,
  OVERVIEW_LEVELS,
  type OverviewRefresh,
  overviewLevels,
  refreshKeptOverview,
  refreshOverview,
} from './overview';
export { type Overview, overviewPath, readOverview } from './overview-store';
export { type ResampleRequest, readResampled } from './read';
export { checkResample, resampleBatch, resampleProblem } from './resample';
export { resampleChunks } from './stream';
