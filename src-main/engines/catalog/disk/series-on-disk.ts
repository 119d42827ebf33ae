import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkSeriesKey, type SeriesKey } from '../../../../src-shared/domain/series';
import { isInsideCatalog } from '../../../plumbing/inside';
import { readDirSafe } from './fsutil';
import {
  BARS_DIR,
  parsePartitionFileName,
  seriesDir,
  timeframeDirName,
  timeframeFromDirName,
} from './layout';

/**
 * Series folders under bars/ whose names form a valid series key. A folder that resolves outside
 * the catalog (a symlink, or a loop of them) is never entered, not even listed: `outside` says why.
 */
export async function seriesOnDisk(root: string): Promise<{ keys: SeriesKey[]; outside: string[] }> {
  const keys: SeriesKey[] = [];
  const outside: string[] = [];
  const inside = (dir: string): boolean => isInsideCatalog(root, dir, outside);
  const list = (dir: string) => listInside(root, dir, outside);
  const bars = path.join(root, BARS_DIR);
  for (const v of await list(bars)) {
    if (!v.startsWith('venue=')) continue;
    for (const s of await list(path.join(bars, v))) {
      if (!s.startsWith('symbol=')) continue;
      for (const t of await list(path.join(bars, v, s))) {
        if (!t.startsWith('timeframe=')) continue;
        const parsed = checkSeriesKey({
          venue: v.slice(6),
          symbol: s.slice(7),
          timeframe: timeframeFromDirName(t.slice(10)),
        });
        // `timeframe=60m` would parse as 1h, whose folder is another one: only canonical names count.
        const canonical = 'key' in parsed && timeframeDirName(parsed.key.timeframe) === t.slice(10);
        if ('key' in parsed && canonical && inside(path.join(bars, v, s, t))) keys.push(parsed.key);
      }
    }
  }
  return { keys, outside };
}

/** Names of the partition files in a series folder, sorted (none when it does not exist). */
export async function partitionFilesIn(dir: string): Promise<string[]> {
  return (await readDirSafe(dir)).filter((f) => parsePartitionFileName(f)).sort();
}

/**
 * The names in a catalog folder; none when it leads out of the catalog (why goes to `outside`) or is
 * a file where a folder belongs (it holds no series).
 */
export async function listInside(root: string, dir: string, outside: string[]): Promise<string[]> {
  if (!isInsideCatalog(root, dir, outside)) return [];
  try {
    return await readDirSafe(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

/**
 * Removes the symbol= and venue= folders of `key` once a move or removal emptied them (rmdir refuses
 * a folder that still holds anything); a folder leading out of the catalog is never touched.
 */
export async function removeEmptyParents(root: string, key: SeriesKey): Promise<void> {
  const symbolDir = path.dirname(seriesDir(root, key));
  for (const dir of [symbolDir, path.dirname(symbolDir)])
    if (isInsideCatalog(root, dir)) await fs.rmdir(dir).catch(() => undefined);
}
