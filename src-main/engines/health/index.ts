// Health of a catalog: staleness in session time, failed and parked updates, stalled jobs,
// quarantined files, dead locks. Shared by `barcat health`, the app's badge and /metrics.
export { type Finding, HEALTH_CHECKS, type HealthCheck, type HealthContext } from './checks';
export { type MetricsSnapshot, metricsSnapshot, type ProviderFigures } from './metrics-snapshot';
export { type CatalogSnapshot, catalogSnapshot, type HealthOptions, healthReport } from './report';
export {
  readHealthSettings,
  type SeriesHealthSettings,
  setSeriesHealthSettings,
} from './series-settings';
export { sessionLagMs } from './session-lag';
