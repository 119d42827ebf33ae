import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type TickKey, TickKeySchema, tickSeriesId } from '../../../../src-shared/domain/tick-key';
import { isInsideCatalog } from '../../../plumbing/inside';
import { defaultCalendarName } from '../../calendars/index';
import { readDirSafe } from '../disk/fsutil';
import { type ManifestKind, quarantineReported, readOrQuarantine } from '../disk/rebuild-quarantine';
import { listInside } from '../disk/series-on-disk';
import type { MaintenanceHooks, RebuildReport } from '../types';
import { decodeTicks } from './tick-codec';
import {
  parseDayDirName,
  parseTickFileName,
  TICK_MANIFESTS_DIR,
  TICKS_DIR,
  tickManifestPath,
  tickSeriesDir,
} from './tick-layout';
import {
  emptyTickManifest,
  readTickManifest,
  type TickFileEntry,
  type TickManifest,
  writeTickManifest,
} from './tick-manifest';
import { tickFileFacts } from './tick-stage';

// The tick series' manifests: an unreadable one goes to .quarantine, as a bar manifest does.
const TICK_MANIFESTS: ManifestKind<TickKey, TickManifest> = {
  read: readTickManifest,
  path: tickManifestPath,
  series: tickSeriesId,
};

/**
 * Recreates every tick manifest from the tick files on disk, as rebuildCatalog does for bars: per
 * day the newest generation's files win, older generations go to .quarantine as older duplicates,
 * unreadable files too, and so does an unreadable manifest. A readable old manifest keeps its
 * calendar, checked-empty ranges and quarantine notes. A manifest whose series folder is gone keeps
 * its notes with no files. Adds to `report`; call holding the writer lock.
 */
export async function rebuildTicks(
  root: string,
  report: RebuildReport,
  hooks: MaintenanceHooks = {},
): Promise<void> {
  const keys = await tickSeriesOnDisk(root, report);
  for (const key of keys) {
    if (hooks.signal?.aborted) return;
    report.series++;
    const old = await readOrQuarantine(root, TICK_MANIFESTS, key, report, hooks);
    const { files, generation } = await scanTickFiles(root, key, report, hooks);
    report.partitions += files.length;
    const base = old ?? emptyTickManifest(key, defaultCalendarName(key.venue));
    await writeTickManifest(root, {
      ...base,
      generation: Math.max(base.generation, generation),
      files: files.sort((a, b) => a.minTs - b.minTs || a.file.localeCompare(b.file)),
      pendingDelete: [],
    });
    report.manifestsWritten++;
  }
  const ids = new Set(keys.map((k) => path.basename(tickManifestPath(root, k))));
  for (const name of await readDirSafe(path.join(root, TICK_MANIFESTS_DIR))) {
    if (!name.endsWith('.json') || ids.has(name)) continue;
    const [venue, symbol, kind, ...rest] = name.slice(0, -'.json'.length).split('~');
    const key = TickKeySchema.safeParse({ venue, symbol, kind });
    // A name this Barcat never writes would read another series' manifest: left alone.
    if (rest.length > 0 || !key.success || path.basename(tickManifestPath(root, key.data)) !== name) continue;
    const m = await readOrQuarantine(root, TICK_MANIFESTS, key.data, report, hooks);
    if (!m || m.files.length === 0) continue;
    await writeTickManifest(root, { ...m, files: [], pendingDelete: [] });
    report.manifestsWritten++;
  }
}

/** Tick series folders (ticks/venue=V/symbol=S/kind=K) whose names form a valid, canonical key. */
async function tickSeriesOnDisk(root: string, report: RebuildReport): Promise<TickKey[]> {
  const outside = report.outside ?? [];
  report.outside = outside;
  const list = (dir: string) => listInside(root, dir, outside);
  const keys: TickKey[] = [];
  const top = path.join(root, TICKS_DIR);
  for (const v of (await list(top)).sort()) {
    if (!v.startsWith('venue=')) continue;
    for (const s of (await list(path.join(top, v))).sort()) {
      if (!s.startsWith('symbol=')) continue;
      for (const k of (await list(path.join(top, v, s))).sort()) {
        if (!k.startsWith('kind=')) continue;
        const parsed = TickKeySchema.safeParse({ venue: v.slice(6), symbol: s.slice(7), kind: k.slice(5) });
        if (!parsed.success || tickSeriesDir(root, parsed.data) !== path.join(top, v, s, k)) continue;
        if (isInsideCatalog(root, path.join(top, v, s, k), outside)) keys.push(parsed.data);
      }
    }
  }
  return keys;
}

/** The files of each day's newest generation, as manifest entries; the rest set aside. */
async function scanTickFiles(
  root: string,
  key: TickKey,
  report: RebuildReport,
  hooks: MaintenanceHooks,
): Promise<{ files: TickFileEntry[]; generation: number }> {
  const dir = tickSeriesDir(root, key);
  const files: TickFileEntry[] = [];
  let generation = 0;
  for (const dayDir of (await readDirSafe(dir)).sort()) {
    const date = parseDayDirName(dayDir);
    const full = path.join(dir, dayDir);
    if (!date || !isInsideCatalog(root, full, report.outside)) continue;
    const names = (await readDirSafe(full)).filter(
      (n) => parseTickFileName(n) && isInsideCatalog(root, path.join(full, n), report.outside),
    );
    const newest = Math.max(0, ...names.map((n) => parseTickFileName(n)!.generation));
    for (const name of names.sort()) {
      const file = path.join(full, name);
      if (parseTickFileName(name)!.generation < newest) {
        const found = { code: 'older-duplicate', reason: 'older duplicate of a tick day' } as const;
        await quarantineReported(root, tickSeriesId(key), file, found, report, hooks, date);
        continue;
      }
      try {
        const bytes = await fs.readFile(file);
        const ticks = decodeTicks(key.kind, bytes);
        if (ticks.length === 0) continue;
        files.push({
          date,
          file: name,
          ...tickFileFacts(ticks, bytes),
          writtenAt: Math.round((await fs.stat(file)).mtimeMs),
        });
        generation = Math.max(generation, newest);
      } catch (err) {
        const reason = `not readable as Parquet (${(err as Error).message})`;
        await quarantineReported(
          root,
          tickSeriesId(key),
          file,
          { code: 'not-parquet', reason },
          report,
          hooks,
          date,
        );
      }
    }
  }
  return { files, generation };
}
