import { type Catalog, openCatalog } from '../../engines/catalog/index';

// One reader per catalog folder: it only reads, takes no lock and recovers nothing (the opener did).
const catalogs = new Map<string, Promise<Catalog>>();

/** A worker thread's read-only catalog of `dir`, opened once. */
export function readerOf(dir: string): Promise<Catalog> {
  let c = catalogs.get(dir);
  if (!c) {
    // No decode workers of its own: this thread is one of the pool's already.
    c = openCatalog(dir, {
      create: false,
      recover: false,
      workerDecodeMinRows: Number.POSITIVE_INFINITY,
      readCacheMb: 0,
    });
    catalogs.set(dir, c);
    c.catch(() => catalogs.delete(dir));
  }
  return c;
}
