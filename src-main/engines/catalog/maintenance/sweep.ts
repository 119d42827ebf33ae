import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkSeriesKey, type SeriesKey } from '../../../../src-shared/domain/series';
import { insideCatalog } from '../../../plumbing/inside';
import { readDirSafe } from '../disk/fsutil';
import {
  isOurTempFile,
  MANIFESTS_DIR,
  parseManifestFileName,
  parsePartitionFileName,
  seriesDir,
} from '../disk/layout';
import { type Manifest, readManifest } from '../disk/manifest';
import { appendOp } from '../disk/oplog';
import { quarantineFile } from '../disk/quarantine';
import { entryDir, entryGenerations, hasEntry, removeEntry, retainFiles } from '../history/store';
import { recoverUndo } from '../history/undo';
import { recoverTrash } from '../trash/trash';
import { readJournal, removeJournal } from '../write/journal';
import { recoverRelabel } from '../write/relabel';
import { recoverRename } from '../write/rename';

export { findDeadLeftovers, removeDeadLeftovers } from './leftovers';

export interface SweepReport {
  deleted: string[];
  quarantined: string[];
}

/**
 * Cleans what an interrupted write left in one series folder; call it holding the writer lock.
 * Deleted: our temp files, partition files the write journal names but the manifest does not (an
 * uncommitted write) and files the last commit superseded. Any other partition file the manifest
 * does not name is moved to .quarantine with a note; foreign files are left alone.
 */
export async function sweepSeries(
  root: string,
  key: SeriesKey,
  manifest: Manifest | undefined,
): Promise<SweepReport> {
  const report: SweepReport = { deleted: [], quarantined: [] };
  const dir = seriesDir(root, key);
  // A series folder linked out of the catalog is refused here, before a write or clean-up enters it.
  insideCatalog(root, dir);
  // An interrupted undo first: the files it restored are not orphans, whichever way it ends.
  await recoverUndo(root, key);
  const names = await readDirSafe(dir);
  // Without a manifest we cannot tell committed files from leftovers: that is rebuild's job.
  if (!manifest) {
    for (const name of names) if (isOurTempFile(name)) await remove(path.join(dir, name), report);
    return report;
  }
  const live = new Set(manifest.partitions.map((p) => p.file));
  const superseded = new Set(manifest.pendingDelete);
  const uncommitted = await readJournal(dir);
  // Superseded files of a commit that kept its history go there (undo needs them), else they go.
  const retain = await hasEntry(root, key, manifest.generation);
  await removeStaleEntries(root, key, manifest, report);
  for (const name of names) {
    const full = path.join(dir, name);
    if (isOurTempFile(name)) {
      await remove(full, report);
      continue;
    }
    const parsed = parsePartitionFileName(name);
    if (!parsed || live.has(name)) continue;
    if (superseded.has(name) && retain) await retainFiles(root, key, manifest.generation, [name]);
    else if (uncommitted.has(name) || superseded.has(name)) await remove(full, report);
    else {
      await quarantineFile(root, full, 'partition file not named in the series manifest (orphan)');
      report.quarantined.push(full);
    }
  }
  await removeJournal(dir);
  return report;
}

/** History entries of generations the manifest never reached: an uncommitted write's (entry.json only). */
async function removeStaleEntries(root: string, key: SeriesKey, manifest: Manifest, report: SweepReport) {
  for (const g of await entryGenerations(root, key)) {
    if (g <= manifest.generation) continue;
    await removeEntry(root, key, g);
    report.deleted.push(entryDir(root, key, g));
  }
}

/** Our temp files in the manifests folder (an interrupted manifest write). */
async function sweepManifestTemps(root: string): Promise<string[]> {
  const dir = path.join(root, MANIFESTS_DIR);
  insideCatalog(root, dir);
  const removed: string[] = [];
  for (const name of await readDirSafe(dir)) {
    if (!isOurTempFile(name)) continue;
    const file = path.join(dir, name);
    await fs.rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

async function remove(file: string, report: SweepReport): Promise<void> {
  await fs.rm(file, { force: true });
  report.deleted.push(file);
}

/**
 * Finishes or undoes what a crash cut short, in order: a rename first, then the trash's own moves,
 * then a relabel (whose move to the trash is then whole or not begun). Call holding the lock.
 */
export async function recoverJournals(root: string): Promise<void> {
  await recoverRename(root);
  await recoverTrash(root);
  await recoverRelabel(root);
}

/**
 * Cleans every series after a writer died (its stale lock was broken); call holding the lock. One
 * pass over the manifests folder, each series swept once; returns what was deleted and quarantined,
 * which the audit log records (paths inside the catalog) when anything was: nothing goes silently.
 */
export async function sweepAll(root: string): Promise<SweepReport> {
  const report: SweepReport = { deleted: [], quarantined: [] };
  report.deleted.push(...(await sweepManifestTemps(root)));
  // First, so the series below are swept where the journals left them (finished or undone).
  await recoverJournals(root);
  for (const name of await readDirSafe(path.join(root, MANIFESTS_DIR))) {
    // A name that is no valid series key builds no path.
    const parts = parseManifestFileName(name);
    const checked = parts && checkSeriesKey(parts);
    if (!checked || !('key' in checked)) continue;
    const { key } = checked;
    try {
      const r = await sweepSeries(root, key, await readManifest(root, key));
      report.deleted.push(...r.deleted);
      report.quarantined.push(...r.quarantined);
    } catch {
      // An unreadable manifest is verify's and rebuild's business; the rest still gets cleaned.
    }
  }
  if (report.deleted.length > 0 || report.quarantined.length > 0) {
    const inside = (files: string[]) => files.map((f) => path.relative(root, f));
    await appendOp(root, {
      op: 'sweep',
      by: 'recovery',
      deleted: inside(report.deleted),
      quarantined: inside(report.quarantined),
    });
  }
  return report;
}
