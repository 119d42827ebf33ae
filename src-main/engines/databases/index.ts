// Databases in and out: migrate bars from PostgreSQL or ClickHouse into the catalog (resumable, with a
// parity report) and publish series to ClickHouse. The CLI, the worker and the app use this door.

export { type PublishResult, publishToClickHouse } from './clickhouse-publish';
export type { DbConnection } from './connect/connection';
export { connectDb } from './connect/open-db';
export type { SavedPassword } from './connect/pgpass';
export { buildPlan, type PlanInput } from './import/build-plan';
export { type ParityMonth, type ParityReport, parityCheck } from './import/parity';
export { describeAndPlan, previewDbImport, testDbConnection } from './import/preview';
export { importReportLines, parityLine } from './import/report';
export {
  ownBuffer,
  type ParsedBlock,
  type RowBlockAnswer,
  type RowBlockRequest,
  readRowBlockFresh,
} from './import/row-blocks';
export {
  type DbImportProgress,
  type DbImportRequest,
  type DbImportResult,
  type DbOnError,
  type DbProblemsReport,
  DEFAULT_CHUNK_ROWS,
  runDbImport,
} from './import/run-import';
export { planInputOf } from './import/source-input';
export type {
  DbColumn,
  DbFrom,
  DbImportPlan,
  SeriesSource,
} from './plan';
export { type DbTarget, parseDbTarget, targetLabel } from './target';
