// The catalog's read-only surface: what a command that only reads (`barcat query`, `gaps`) needs,
// and nothing of the writes, maintenance, ticks or history, so such a process loads none of their
// code. index.ts re-exports all of it: this is a smaller door to the same rooms, not a second house.
import { type OpenOptions, openCatalogFolder } from './open-folder';
import { CatalogReader } from './read/catalog-reader';

export { allocBatch } from './batch';
export { withPath } from './disk/fsutil';
export type { OpenOptions } from './open-folder';
export { arrowToBatch, batchToBars } from './parquet/arrow';
export { CatalogReader, checkKey, type ReaderOptions } from './read/catalog-reader';
export { notFound } from './read/query';
export type { BarBatch, SessionCalendar } from './types';

/** Opens a catalog folder for reading (see openCatalogFolder: the same checks and recovery as openCatalog). */
export async function openCatalogReader(dir: string, opts: OpenOptions = {}): Promise<CatalogReader> {
  const { root } = await openCatalogFolder(dir, opts);
  return new CatalogReader(root, opts);
}
