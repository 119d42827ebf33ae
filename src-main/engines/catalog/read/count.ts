import type { Interval } from '../../../../src-shared/domain/range';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { lowerBound } from '../batch';
import type { Manifest } from '../disk/manifest';
import { columnToFloat64 } from '../parquet/arrow';
import { readPartitionTable, rowGroupsOverlapping } from '../partition-io';

/** Bars in [from, to): whole partitions from the manifest, edge partitions from their ts column. */
export async function countBars(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  range: Interval,
): Promise<number> {
  let n = 0;
  for (const p of manifest.partitions) {
    if (p.maxTs < range.from || p.minTs >= range.to) continue;
    if (p.minTs >= range.from && p.maxTs < range.to) {
      n += p.rows;
      continue;
    }
    const groups = rowGroupsOverlapping(p, range.from, range.to);
    if (groups.length === 0) continue;
    const ts = columnToFloat64(await readPartitionTable(root, key, p, groups, ['ts']), 'ts')!;
    n += lowerBound(ts, range.to) - lowerBound(ts, range.from);
  }
  return n;
}
