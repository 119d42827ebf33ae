// Databases in and out: migrate bars from PostgreSQL or ClickHouse into the catalog (resumable, with a
// parity report) and publish series to ClickHouse. The CLI, the worker and the app use this door.

export { buildPlan, type PlanInput } from './build-plan';
export { type PublishResult, publishToClickHouse } from './clickhouse-publish';
export type { DbConnection } from './connection';
export { connectDb } from './open-db';
export { type ParityMonth, type ParityReport, parityCheck } from './parity';
export {
  DB_FIELDS,
  type DbColumn,
  type DbField,
  type DbFrom,
  type DbImportPlan,
  type SeriesSource,
} from './plan';
export { describeAndPlan, previewDbImport, testDbConnection } from './preview';
export { importReportLines, parityLine } from './report';
export {
  type DbImportProgress,
  type DbImportRequest,
  type DbImportResult,
  type DbOnError,
  type DbProblemsReport,
  DEFAULT_CHUNK_ROWS,
  runDbImport,
} from './run-import';
export { planInputOf } from './source-input';
export { type DbTarget, parseDbTarget, targetLabel } from './target';
