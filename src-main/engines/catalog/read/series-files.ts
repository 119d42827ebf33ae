import type { SeriesKey } from '../../../../src-shared/domain/series';
import { catalogPath } from '../../../plumbing/inside';
import { BARS_DIR, timeframeDirName } from '../disk/layout';
import { readManifest } from '../disk/manifest';

/**
 * The partition files a series' manifest lists (its committed bars, nothing superseded), as absolute
 * paths checked to stay inside the catalog: what a reader outside Barcat (DuckDB) may open.
 */
export async function seriesPartitionFiles(root: string, key: SeriesKey): Promise<string[]> {
  const manifest = await readManifest(root, key);
  if (!manifest) return [];
  const dir = [
    BARS_DIR,
    `venue=${key.venue}`,
    `symbol=${key.symbol}`,
    `timeframe=${timeframeDirName(key.timeframe)}`,
  ];
  return manifest.partitions.map((p) => catalogPath(root, ...dir, p.file));
}
