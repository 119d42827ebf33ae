// The catalog's public surface: open a folder, convert between bars and Arrow, and the interface.
export { checkKey } from './catalog';
export { type OpenOptions, openCatalog } from './open';
export { arrowToBatch, batchFromBars, batchToArrow, batchToBars, tableToBars } from './parquet/arrow';
/** batchToArrow needs it once per process (any catalog read or write does it too). */
export { loadParquetLibs } from './parquet/libs';
export type * from './types';
