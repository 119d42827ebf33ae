import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCatalogFolder } from './layout';

/**
 * Whether a folder may be opened as a catalog, as a reason code with its facts; each caller words it.
 * ok: `entries` is the folder's listing (empty when it does not exist yet and will be created).
 */
export type CatalogFolderVerdict =
  | { ok: true; dir: string; entries: string[]; isCatalog: boolean }
  /** A relative path would land in the process's working folder. */
  | { ok: false; reason: 'relative_path'; dir: string }
  /** `file` (the path itself or a parent) is a file. */
  | { ok: false; reason: 'not_a_folder'; dir: string; file: string }
  /** Without create: the folder does not exist. */
  | { ok: false; reason: 'no_such_folder'; dir: string }
  /** Without create: the folder exists and holds no catalog.json. */
  | { ok: false; reason: 'not_a_catalog'; dir: string }
  /** create left to the folder: it holds other files and no catalog.json, so it is not made one. */
  | { ok: false; reason: 'foreign_content'; dir: string };

/**
 * The one decision on a catalog folder. create true: any folder (made if missing); false: only an
 * existing catalog (a mistyped path must not become one); undefined: a catalog, or a missing or
 * empty folder that gets the layout. A file anywhere on the path, or a relative path, is refused.
 */
export async function checkCatalogFolder(
  dir: string,
  create: boolean | undefined,
): Promise<CatalogFolderVerdict> {
  if (!path.isAbsolute(dir)) return { ok: false, reason: 'relative_path', dir };
  // The nearest existing folder on the way up: a file there (the path itself or a parent) is refused.
  let probe = dir;
  for (;;) {
    const stat = await fs.stat(probe).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
      throw err;
    });
    if (stat?.isDirectory()) break;
    if (stat) return { ok: false, reason: 'not_a_folder', dir, file: probe };
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  const entries = probe === dir ? await fs.readdir(dir) : [];
  const isCatalog = isCatalogFolder(entries);
  if (isCatalog || create === true) return { ok: true, dir, entries, isCatalog };
  if (create === false)
    return probe === dir
      ? { ok: false, reason: 'not_a_catalog', dir }
      : { ok: false, reason: 'no_such_folder', dir };
  if (entries.length > 0) return { ok: false, reason: 'foreign_content', dir };
  return { ok: true, dir, entries, isCatalog };
}
