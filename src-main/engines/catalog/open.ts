import { FolderCatalog } from './catalog';
import { type OpenOptions, openCatalogFolder } from './open-folder';

export type { OpenOptions } from './open-folder';

/** Opens a catalog folder (see openCatalogFolder) as a catalog that reads and writes. */
export async function openCatalog(dir: string, opts: OpenOptions = {}): Promise<FolderCatalog> {
  const { root, format } = await openCatalogFolder(dir, opts);
  return new FolderCatalog(root, {
    ...opts,
    compression: format.compression ?? 'zstd',
    ...(format.retentionDays === undefined ? {} : { retentionDays: format.retentionDays }),
  });
}
