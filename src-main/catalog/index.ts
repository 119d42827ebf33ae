// The catalog's public surface: everything outside src-main/catalog imports from here only (biome.json
// enforces it), so storage layout, staging and the bar rules stay the catalog's business.

export { tsLimitsFromEnv } from './bar-limits';
export { emptyBatch } from './batch';
export { checkKey } from './catalog';
/** Test-only crash points (BARCAT_CRASH_AT) other writers share with the catalog's own. */
export { crashPoint } from './crash-hook';
export { recoverFromDeadWorker } from './dead-worker';
export { isCatalogFolder } from './layout';
export { lockWaitFromEnv } from './lock';
/** Verify or rebuild under the write lock: what the maintenance worker runs. */
export { runMaintenance } from './maintenance';
export { type OpenOptions, openCatalog } from './open';
export { arrowToBatch, batchFromBars, batchToArrow, batchToBars, tableToBars } from './parquet/arrow';
/** batchToArrow needs it once per process (any catalog read or write does it too). */
export { loadParquetLibs } from './parquet/libs';
export {
  discardStagingArea,
  type PartitionCuts,
  partitionCuts,
  type StagedPartition,
  type StagingArea,
  stagePartition,
} from './staged';
export type * from './types';
