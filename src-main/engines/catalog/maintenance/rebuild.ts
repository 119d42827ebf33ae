import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { isInsideCatalog } from '../../../plumbing/inside';
import { defaultCalendarName } from '../../calendars/index';
import { readDirSafe } from '../disk/fsutil';
import {
  MANIFESTS_DIR,
  manifestFileName,
  manifestPath,
  parseManifestFileName,
  parsePartitionFileName,
  seriesDir,
} from '../disk/layout';
import {
  emptyManifest,
  type Manifest,
  type PartitionEntry,
  readManifest,
  writeManifest,
} from '../disk/manifest';
import {
  type ManifestKind,
  quarantineReported,
  readOrQuarantine,
  type SetAsideFound,
} from '../disk/rebuild-quarantine';
import { partitionFilesIn, seriesOnDisk } from '../disk/series-on-disk';
import { entryGenerations } from '../history/store';
import { arrowToBatch } from '../parquet/arrow';
import { decodeParquet, rowGroupRows } from '../parquet/codec';
import { entryFor } from '../partition-io';
import { rebuildTicks } from '../ticks/tick-rebuild';
import type { MaintenanceHooks, RebuildReport } from '../types';
import { recoverJournals, sweepSeries } from './sweep';

// The series' manifests: an unreadable one goes to .quarantine as the series is rebuilt.
const BAR_MANIFESTS: ManifestKind<SeriesKey, Manifest> = {
  read: readManifest,
  path: manifestPath,
  series: seriesId,
};

/**
 * Recreates every series manifest from its Parquet files (keeping calendar, checked-empty ranges and
 * quarantine notes of a readable old manifest). Per partition the newest generation wins; older
 * duplicates and unreadable files go to .quarantine, and so does an unreadable manifest (say, one
 * naming another series than its file name) before its series gets a new one. Folders and files
 * resolving outside the catalog are reported, never entered. Call holding the writer lock.
 * Cancelling stops before the next series: a series is always finished, since its old manifest may
 * name files the scan has already moved to .quarantine.
 */
export async function rebuildCatalog(root: string, hooks: MaintenanceHooks = {}): Promise<RebuildReport> {
  const report: RebuildReport = {
    series: 0,
    partitions: 0,
    manifestsWritten: 0,
    quarantined: [],
    outside: [],
  };
  // Half-done renames, trash moves and relabels first, so each series is rebuilt where it belongs.
  await recoverJournals(root);
  const { keys: onDisk, outside } = await seriesOnDisk(root);
  report.outside!.push(...outside);
  const progress = { done: 0, total: await countPartitionFiles(root, onDisk) };
  hooks.onProgress?.(0, progress.total);
  for (const key of onDisk) {
    if (hooks.signal?.aborted) return report;
    report.series++;
    const old = await readOrQuarantine(root, BAR_MANIFESTS, key, report, hooks);
    // Temp files only: with the manifest in doubt, committed and uncommitted files look alike.
    await sweepSeries(root, key, undefined);
    const base = old ?? emptyManifest(key, defaultCalendarName(key.venue));
    const { entries, generation } = await scanPartitions(root, key, report, hooks, progress);
    report.partitions += entries.length;
    // Kept generations stay valid: the rebuilt generation never falls below one of them.
    const kept = (await entryGenerations(root, key)).at(-1) ?? 0;
    await writeManifest(root, {
      ...base,
      generation: Math.max(base.generation, generation, kept),
      partitions: entries.sort((a, b) => a.minTs - b.minTs),
      pendingDelete: [],
    });
    report.manifestsWritten++;
  }
  if (!hooks.signal?.aborted) await emptyOrphanManifests(root, onDisk, report, hooks);
  // Tick series live beside the bars and get the same: manifests from their files.
  if (!hooks.signal?.aborted) await rebuildTicks(root, report, hooks);
  return report;
}

/**
 * A manifest whose series folder is gone names files that no longer exist: keep its notes, drop
 * them. An unreadable one goes to .quarantine, so verify passes after a rebuild.
 */
async function emptyOrphanManifests(
  root: string,
  onDisk: SeriesKey[],
  report: RebuildReport,
  hooks: MaintenanceHooks,
): Promise<void> {
  const ids = new Set(onDisk.map((k) => manifestFileName(k)));
  for (const name of await readDirSafe(path.join(root, MANIFESTS_DIR))) {
    const parsed = parseManifestFileName(name);
    if (!parsed || ids.has(name)) continue;
    const key = parsed as SeriesKey;
    // A name this Barcat never writes (1M for 1mo) would read another series' manifest: left alone.
    if (manifestFileName(key) !== name) continue;
    const m = await readOrQuarantine(root, BAR_MANIFESTS, key, report, hooks);
    if (!m || m.partitions.length === 0) continue;
    await writeManifest(root, { ...m, partitions: [], pendingDelete: [] });
    report.manifestsWritten++;
  }
}

/** Partition files in the series folders, all generations: what the scan will read or set aside. */
async function countPartitionFiles(root: string, keys: SeriesKey[]): Promise<number> {
  let n = 0;
  for (const key of keys) n += (await partitionFilesIn(seriesDir(root, key))).length;
  return n;
}

async function scanPartitions(
  root: string,
  key: SeriesKey,
  report: RebuildReport,
  hooks: MaintenanceHooks,
  progress: { done: number; total: number },
) {
  const step = () => hooks.onProgress?.(++progress.done, progress.total);
  const dir = seriesDir(root, key);
  const newest = new Map<string, { name: string; generation: number }>();
  const older: string[] = [];
  for (const name of (await readDirSafe(dir)).sort()) {
    const parsed = parsePartitionFileName(name);
    if (!parsed || !isInsideCatalog(root, path.join(dir, name), report.outside)) continue;
    const seen = newest.get(parsed.partKey);
    if (seen && seen.generation > parsed.generation) older.push(name);
    else {
      if (seen) older.push(seen.name);
      newest.set(parsed.partKey, { name, generation: parsed.generation });
    }
  }
  for (const name of older) {
    const found = { code: 'older-duplicate', reason: 'older duplicate of a partition' } as const;
    await quarantinePartition(root, key, path.join(dir, name), found, report, hooks);
    step();
  }
  const entries: PartitionEntry[] = [];
  let generation = 0;
  for (const [partKey, { name, generation: g }] of newest) {
    const full = path.join(dir, name);
    try {
      const bytes = await fs.readFile(full);
      const bars = arrowToBatch(decodeParquet(bytes));
      step();
      if (bars.length === 0) continue;
      const rowGroups = [];
      let s = 0;
      for (const rows of await rowGroupRows(bytes)) {
        // Entries stay in the file's order (their index is the group read); an empty group (another
        // tool may write one) gets its neighbour's time: reading it yields nothing.
        const at = Math.min(s, bars.length - 1);
        const minTs = bars.ts[at]!;
        rowGroups.push({ rows, minTs, maxTs: rows > 0 ? bars.ts[s + rows - 1]! : minTs });
        s += rows;
      }
      if (s !== bars.length) throw new Error(`its row groups hold ${s} rows, its data ${bars.length}`);
      entries.push(entryFor(partKey, name, bars, bytes, rowGroups, key.timeframe));
      generation = Math.max(generation, g);
    } catch (err) {
      const reason = `not readable as Parquet (${(err as Error).message})`;
      await quarantinePartition(root, key, full, { code: 'not-parquet', reason }, report, hooks);
      step();
    }
  }
  return { entries, generation };
}

function quarantinePartition(
  root: string,
  key: SeriesKey,
  file: string,
  found: SetAsideFound,
  report: RebuildReport,
  hooks: MaintenanceHooks,
): Promise<void> {
  // A partition file's name gives its period.
  const period = parsePartitionFileName(path.basename(file))?.partKey;
  return quarantineReported(root, seriesId(key), file, found, report, hooks, period);
}
