// The data-quality engine's public surface: checks over columnar bars, stored per series.
export { type QualityReport, refreshQuality } from './engine';
export { renameSeriesWithResults } from './rename';
export { runChecks } from './run-checks';
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
