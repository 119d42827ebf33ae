import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SeriesKey } from '../../src-shared/domain/series';
import { readDirSafe } from './fsutil';
import { insideCatalog } from './inside';
import { readJournal, removeJournal } from './journal';
import {
  isOurTempFile,
  MANIFESTS_DIR,
  parseManifestFileName,
  parsePartitionFileName,
  seriesDir,
} from './layout';
import { type Manifest, readManifest } from './manifest';
import { quarantineFile } from './quarantine';

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
  const names = await readDirSafe(dir);
  // Without a manifest we cannot tell committed files from leftovers: that is rebuild's job.
  if (!manifest) {
    for (const name of names) if (isOurTempFile(name)) await remove(path.join(dir, name), report);
    return report;
  }
  const live = new Set(manifest.partitions.map((p) => p.file));
  const superseded = new Set(manifest.pendingDelete);
  const uncommitted = await readJournal(dir);
  for (const name of names) {
    const full = path.join(dir, name);
    if (isOurTempFile(name)) {
      await remove(full, report);
      continue;
    }
    const parsed = parsePartitionFileName(name);
    if (!parsed || live.has(name)) continue;
    if (uncommitted.has(name) || superseded.has(name)) await remove(full, report);
    else {
      await quarantineFile(root, full, 'partition file not named in the series manifest (orphan)');
      report.quarantined.push(full);
    }
  }
  await removeJournal(dir);
  return report;
}

/** Our temp files in the manifests folder (an interrupted manifest write). */
export async function sweepManifestTemps(root: string): Promise<string[]> {
  const dir = path.join(root, MANIFESTS_DIR);
  insideCatalog(root, dir);
  const removed: string[] = [];
  for (const name of await readDirSafe(dir)) {
    if (!isOurTempFile(name)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

async function remove(file: string, report: SweepReport): Promise<void> {
  await fs.rm(file, { force: true });
  report.deleted.push(file);
}

/** Cleans every series after a writer died (its stale lock was broken); call holding the lock. */
export async function sweepAll(root: string): Promise<void> {
  await sweepManifestTemps(root);
  for (const name of await readDirSafe(path.join(root, MANIFESTS_DIR))) {
    const parsed = parseManifestFileName(name);
    if (!parsed) continue;
    const key = parsed as SeriesKey;
    try {
      await sweepSeries(root, key, await readManifest(root, key));
    } catch {
      // An unreadable manifest is verify's and rebuild's business; the rest still gets cleaned.
    }
  }
}
