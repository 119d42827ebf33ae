// The data-quality engine's public surface: checks over columnar bars, stored per series.

export { checkedInWorkers } from './check-pool';
export { runChecks } from './checks/run-checks';
export { type QualityReport, type RefreshOptions, refreshQuality } from './engine';
export {
  dropFinding,
  type QualityState,
  qualityState,
  reviewFinding,
  undoWithFixes,
  unreviewFinding,
} from './fixes/actions';
export { type FindingView, findingId, readFixes } from './fixes/records';
export {
  acceptRefetch,
  compareRefetch,
  discardRefetch,
  type RangeFetcher,
  type RefetchComparison,
  type RefetchRow,
} from './fixes/refetch';
export { type RelabelCall, type RelabelProgress, runRelabelCall } from './relabel-call';
export { checkRelabel } from './relabel-timeframe';
export { type RenameReport, renameSeriesWithResults } from './rename';
export {
  DEFAULT_SETTINGS,
  EMPTY_CONFIG,
  loadQualityConfig,
  type QualityConfig,
  settingsFor,
} from './settings';
export { readResults, resultsPath } from './store';
export * from './types';
export { CHECK_TITLES, wordFinding } from './wording';
