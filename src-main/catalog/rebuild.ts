import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { QuarantineCode } from '../../src-shared/domain/job';
import { type SeriesKey, SeriesKeySchema, seriesId } from '../../src-shared/domain/series';
import { defaultCalendarName } from '../calendars/index';
import { readDirSafe } from './fsutil';
import {
  BARS_DIR,
  MANIFESTS_DIR,
  manifestFileName,
  parseManifestFileName,
  parsePartitionFileName,
  seriesDir,
  timeframeDirName,
  timeframeFromDirName,
} from './layout';
import { emptyManifest, type Manifest, type PartitionEntry, readManifest, writeManifest } from './manifest';
import { arrowToBatch } from './parquet/arrow';
import { decodeParquet, rowGroupRows } from './parquet/codec';
import { entryFor } from './partition-io';
import { quarantineFile } from './quarantine';
import { sweepSeries } from './sweep';
import type { MaintenanceHooks, RebuildReport } from './types';

/**
 * Recreates every series manifest from its Parquet files (keeping calendar, checked-empty ranges and
 * quarantine notes of a readable old manifest). Per partition the newest generation wins; older
 * duplicates and unreadable files go to .quarantine. Call holding the writer lock. Cancelling stops
 * before the next series: a series is always finished, since its old manifest may name files the
 * scan has already moved to .quarantine.
 */
export async function rebuildCatalog(root: string, hooks: MaintenanceHooks = {}): Promise<RebuildReport> {
  const report: RebuildReport = { series: 0, partitions: 0, manifestsWritten: 0, quarantined: [] };
  const onDisk = await seriesOnDisk(root);
  const progress = { done: 0, total: await countPartitionFiles(root, onDisk) };
  hooks.onProgress?.(0, progress.total);
  for (const key of onDisk) {
    if (hooks.signal?.aborted) return report;
    report.series++;
    let old: Manifest | undefined;
    try {
      old = await readManifest(root, key);
    } catch {
      old = undefined;
    }
    // Temp files only: with the manifest in doubt, committed and uncommitted files look alike.
    await sweepSeries(root, key, undefined);
    const base = old ?? emptyManifest(key, defaultCalendarName(key.venue));
    const { entries, generation } = await scanPartitions(root, key, report, hooks, progress);
    report.partitions += entries.length;
    await writeManifest(root, {
      ...base,
      generation: Math.max(base.generation, generation),
      partitions: entries.sort((a, b) => a.minTs - b.minTs),
      pendingDelete: [],
    });
    report.manifestsWritten++;
  }
  if (!hooks.signal?.aborted) await emptyOrphanManifests(root, onDisk, report);
  return report;
}

/** A manifest whose series folder is gone names files that no longer exist: keep its notes, drop them. */
async function emptyOrphanManifests(root: string, onDisk: SeriesKey[], report: RebuildReport): Promise<void> {
  const ids = new Set(onDisk.map((k) => manifestFileName(k)));
  for (const name of await readDirSafe(path.join(root, MANIFESTS_DIR))) {
    const parsed = parseManifestFileName(name);
    if (!parsed || ids.has(name)) continue;
    let m: Manifest | undefined;
    try {
      m = await readManifest(root, parsed as SeriesKey);
    } catch {
      continue;
    }
    if (!m || m.partitions.length === 0) continue;
    await writeManifest(root, { ...m, partitions: [], pendingDelete: [] });
    report.manifestsWritten++;
  }
}

/** Partition files in the series folders, all generations: what the scan will read or set aside. */
async function countPartitionFiles(root: string, keys: SeriesKey[]): Promise<number> {
  let n = 0;
  for (const key of keys)
    n += (await readDirSafe(seriesDir(root, key))).filter((f) => parsePartitionFileName(f)).length;
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
    if (!parsed) continue;
    const seen = newest.get(parsed.partKey);
    if (seen && seen.generation > parsed.generation) older.push(name);
    else {
      if (seen) older.push(seen.name);
      newest.set(parsed.partKey, { name, generation: parsed.generation });
    }
  }
  for (const name of older) {
    const found = { code: 'older-duplicate', reason: 'older duplicate of a partition' } as const;
    await quarantine(root, key, path.join(dir, name), found, report, hooks);
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
      await quarantine(root, key, full, { code: 'not-parquet', reason }, report, hooks);
      step();
    }
  }
  return { entries, generation };
}

async function quarantine(
  root: string,
  key: SeriesKey,
  file: string,
  { code, reason }: { code: QuarantineCode; reason: string },
  report: RebuildReport,
  hooks: MaintenanceHooks,
): Promise<void> {
  const movedTo = await quarantineFile(root, file, reason);
  report.quarantined!.push({ file, reason });
  // Only partition file names reach here (scanPartitions parsed them).
  const period = parsePartitionFileName(path.basename(file))!.partKey;
  hooks.onQuarantined?.({ series: seriesId(key), file, movedTo, reason, lostRange: null, code, period });
}

/** Series folders under bars/ whose names form a valid series key. */
async function seriesOnDisk(root: string): Promise<SeriesKey[]> {
  const keys: SeriesKey[] = [];
  const bars = path.join(root, BARS_DIR);
  for (const v of await readDirSafe(bars)) {
    if (!v.startsWith('venue=')) continue;
    for (const s of await readDirSafe(path.join(bars, v))) {
      if (!s.startsWith('symbol=')) continue;
      for (const t of await readDirSafe(path.join(bars, v, s))) {
        if (!t.startsWith('timeframe=')) continue;
        const parsed = SeriesKeySchema.safeParse({
          venue: v.slice(6),
          symbol: s.slice(7),
          timeframe: timeframeFromDirName(t.slice(10)),
        });
        // `timeframe=60m` would parse as 1h, whose folder is another one: only canonical names count.
        if (parsed.success && timeframeDirName(parsed.data.timeframe) === t.slice(10)) keys.push(parsed.data);
      }
    }
  }
  return keys;
}
