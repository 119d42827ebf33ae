// The catalog's public surface: code outside src-main/engines/catalog imports from here, so storage layout, staging
// and the bar rules stay the catalog's business. Two smaller doors to the same rooms, for processes that must load
// little: read-only.ts (commands that only read) and worker-reads.ts (the quality workers). biome.json enforces it.

// catalogPath: a path inside the catalog, checked (links resolved) before it is read, written or deleted.
export { catalogPath, insideCatalog, reachesCatalog } from '../../plumbing/inside';
export { tsLimitsFromEnv } from './bar-limits';
// concatBatches, sortedUnique, validateBatch: a streaming writer (engines/databases, tick imports) cuts
// its own partitions to stage, checked as catalog.write checks its bars. batchOf: the resample overview file
// reads its columns in the catalog's order.
export {
  batchBuffers,
  batchOf,
  concatBatches,
  emptyBatch,
  extraColumnsOf,
  lowerBound,
  sliceBatch,
  sortedUnique,
  validateBatch,
} from './batch';
/** Test-only crash points (BARCAT_CRASH_AT) other writers share with the catalog's own. */
export { crashPoint } from './disk/crash-hook';
// Database migrations' resume points (engines/databases), kept in the catalog they fill.
export { type DbWatermark, readDbWatermark, writeDbWatermark } from './disk/db-watermarks';
// checkCatalogFolder: the one decision whether a folder may be opened as a catalog (the app and openCatalog word it).
export { type CatalogFolderVerdict, checkCatalogFolder } from './disk/folder-check';
export { writeFileAtomic } from './disk/fsutil';
// The job files every job kind keeps in CATALOG/jobs (core/jobs.ts, backfill/jobs/job-store.ts, barcat jobs).
export {
  interruptedView,
  isOpen,
  type JobFile,
  JobFileSchema,
  jobFilePath,
  jobIds,
  jobsDir,
  listJobFiles,
  ownerGone,
  pruneJobFiles,
  readJobFile,
  shownView,
  writeJobFile,
} from './disk/job-files';
// manifestFileName, parsePartitionFileName, readManifest, notFound: partition-level reads for caches
// keyed by partition file (the quality results).
export {
  manifestFileName,
  OVERVIEW_DIR,
  overviewFileName,
  parsePartitionFileName,
  QUALITY_DIR,
  timeframeDirName,
} from './disk/layout';
export {
  deadLockHolder,
  type LockInfo,
  lockWaitFromEnv,
  readLock,
  takeFileLock,
  writerLockPath,
} from './disk/lock';
export { type PartitionEntry, readManifest } from './disk/manifest';
export { appendOp, type OpRecord, readOps } from './disk/oplog';
// listQuarantined: what verify/rebuild took out of service (barcat health).
export { listQuarantined, type QuarantinedEntry } from './disk/quarantine';
export {
  HEALTH_FILE,
  SHARED_SETTINGS_FILE,
  withHealthFileLock,
  withSharedSettingsLock,
} from './disk/series-settings-files';
export type { GenerationView } from './history/list';
export { DEFAULT_RETENTION_DAYS, type PruneReport } from './history/prune';
export type { UndoReport } from './history/undo';
export { recoverFromDeadWorker } from './maintenance/dead-worker';
/** Verify or rebuild under the write lock: what the maintenance worker runs. */
export { type MaintenanceProgress, type MaintenanceRequest, runMaintenance } from './maintenance/maintenance';
export { openCatalog } from './open';
export { batchFromBars, batchToArrow, tableToBars } from './parquet/arrow';
export { encodeParquet } from './parquet/codec';
// loadParquetLibs: once per process before batchToArrow (any catalog read or write does it too);
// arrowLib/parquetLib: the loaded modules, for files outside the catalog (export).
export { arrowLib, loadParquetLibs, parquetLib } from './parquet/libs';
export { ROW_GROUP_SIZE } from './partition-io';
// readBatch: bars decoded straight into columns, no cache (quality workers import it via worker-reads.ts).
export { readBatch } from './read/batch-read';
// seriesPartitionFiles: the committed files of a series, for SQL views over the catalog (engines/sql).
export { seriesPartitionFiles } from './read/series-files';
// The read-only door (read-only.ts): a reader, and what reading commands use with it.
export {
  allocBatch,
  arrowToBatch,
  batchToBars,
  CatalogReader,
  checkKey,
  notFound,
  type OpenOptions,
  openCatalogReader,
  type ReaderOptions,
  withPath,
} from './read-only';
// Ticks: batches (µs), staging a day's ticks in any thread, and the store (Catalog.ticks) that commits them.
export {
  allocTicks,
  concatTicks,
  pickTicks,
  type QuoteTicks,
  sliceTicks,
  type TickBatch,
  type TradeTicks,
} from './ticks/tick-batch';
export type { TickWriteResult } from './ticks/tick-commit';
export { tickDate } from './ticks/tick-layout';
export { type StageClock, type StagedTicks, stageTicks } from './ticks/tick-stage';
export type { TickSeriesSummary, TickStore } from './ticks/tick-store';
export type { TrashEntry } from './trash/trash';
export type * from './types';
export { refuseBusy } from './write/rename';
export {
  discardStagingArea,
  type PartitionCuts,
  partitionCuts,
  type StagedPartition,
  StagedSeries,
  type StagingArea,
  type StagingEncoder,
  stagePartition,
  stagePartitionInWorkers,
  stagingEncoder,
} from './write/staged';
