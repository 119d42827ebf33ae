import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { DAY } from '../../../../src-shared/domain/timeframe';
import { entryDir, entryFiles, entryGenerations, readEntry, removeEmptyHistory, removeEntry } from './store';

/** Default days a replaced generation is kept for undo (catalog.json `retentionDays`; 0: until the next write). */
export const DEFAULT_RETENTION_DAYS = 7;

/** What a prune removed: nothing leaves the history uncounted. */
export interface PruneReport {
  series: string;
  generations: number[];
  files: number;
  bars: number;
  bytes: number;
}

/**
 * Removes retained generations past the retention: replaced more than `days` ago, or with days 0
 * every one but the newest (kept only until the next write). Call holding the writer lock.
 */
export async function pruneHistory(
  root: string,
  key: SeriesKey,
  series: string,
  days: number,
  now = Date.now(),
): Promise<PruneReport> {
  const report: PruneReport = { series, generations: [], files: 0, bars: 0, bytes: 0 };
  const gens = await entryGenerations(root, key);
  const newest = gens.at(-1);
  for (const gen of gens) {
    const entry = await readEntry(root, key, gen).catch(() => undefined);
    const expired = days === 0 ? gen !== newest : entry !== undefined && entry.replacedAt < now - days * DAY;
    if (!expired) continue;
    const files = await entryFiles(root, key, gen);
    const rows = new Map(entry?.previous.partitions.map((p) => [p.file, p.rows]));
    for (const f of files) {
      report.bytes += (await fs.stat(path.join(entryDir(root, key, gen), f))).size;
      report.bars += rows.get(f) ?? 0;
    }
    report.files += files.length;
    report.generations.push(gen);
    await removeEntry(root, key, gen);
  }
  await removeEmptyHistory(root, key);
  return report;
}
