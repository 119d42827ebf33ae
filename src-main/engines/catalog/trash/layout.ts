import path from 'node:path';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { insideCatalog } from '../../../plumbing/inside';
import { MANIFESTS_DIR, manifestFileName, OVERVIEW_DIR, overviewFileName, seriesDir } from '../disk/layout';
import { HISTORY_DIR } from '../history/store';

/**
 * A deleted series waits in CATALOG/trash/ID/ (ID = deletedAt~V~S~T) until the trash is emptied:
 *   trash.json      what was deleted, when, how many bars
 *   manifest.json   its manifest; bars/ its partition files; history/ its kept generations;
 *   quality.json, quality-fixes.json   its quality results and fix records
 *   overview.bin    its overview (coarser bars for charts)
 * Outside bars/ and manifests/, so no reader, listing, verify or rebuild sees a deleted series.
 */
export const TRASH_DIR = 'trash';
export const TRASH_META = 'trash.json';
export const QUALITY_DIR = 'quality';
export const QUALITY_FIXES_DIR = 'fixes';

const ID_RE = /^\d+~[^~/\\]+~[^~/\\]+~[^~/\\]+$/;

export function trashId(key: SeriesKey, at: number): string {
  return `${at}~${manifestFileName(key).slice(0, -'.json'.length)}`;
}

export function isTrashId(id: string): boolean {
  return ID_RE.test(id);
}

export function trashEntryDir(root: string, id: string): string {
  return insideCatalog(root, path.join(root, TRASH_DIR, id));
}

/** What moves, live place -> place in the trash entry; the manifest last, since its move is the commit. */
export function trashMoves(root: string, key: SeriesKey, id: string): { live: string; trashed: string }[] {
  const entry = trashEntryDir(root, id);
  const base = manifestFileName(key);
  const stem = base.slice(0, -'.json'.length);
  const pairs = [
    { live: seriesDir(root, key), trashed: path.join(entry, 'bars') },
    { live: path.join(root, HISTORY_DIR, stem), trashed: path.join(entry, 'history') },
    { live: path.join(root, QUALITY_DIR, base), trashed: path.join(entry, 'quality.json') },
    {
      live: path.join(root, QUALITY_DIR, QUALITY_FIXES_DIR, base),
      trashed: path.join(entry, 'quality-fixes.json'),
    },
    {
      live: path.join(root, ...OVERVIEW_DIR, overviewFileName(key)),
      trashed: path.join(entry, 'overview.bin'),
    },
    { live: path.join(root, MANIFESTS_DIR, base), trashed: path.join(entry, 'manifest.json') },
  ];
  return pairs.map((p) => ({ live: insideCatalog(root, p.live), trashed: insideCatalog(root, p.trashed) }));
}
