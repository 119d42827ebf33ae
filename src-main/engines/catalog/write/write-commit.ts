import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConflictMode } from '../../../../src-shared/domain/bar';
import { crashPoint } from '../disk/crash-hook';
import { type Manifest, type PartitionEntry, writeManifest } from '../disk/manifest';
import { removeEntry, retainFiles, saveEntry } from '../history/store';
import type { WriteOptions } from '../types';
import { removeJournal } from './journal';
import type { MergeCounts, MergeResult } from './merge-plan';

/** What a write has made of a series' partitions before its commit. */
export interface PendingGeneration {
  generation: number;
  /** The series folder. */
  dir: string;
  /** The partitions the new manifest will name, by key. */
  next: Map<string, PartitionEntry>;
  /** Files of the committed generation the new one replaces; deleted after the commit. */
  superseded: string[];
  /** New files of this generation already in place. */
  written: string[];
}

/** Nothing is committed yet: takes back this generation's files (ours, unreferenced) and its journal. */
export async function abandonGeneration(g: PendingGeneration): Promise<void> {
  await Promise.all(g.written.map((f) => fs.rm(path.join(g.dir, f), { force: true })));
  await removeJournal(g.dir);
}

/**
 * Commits a generation: the manifest it replaces is kept in the history first (undo's way back),
 * then the manifest naming the new one is the single commit point, then the files it superseded
 * move into the history, then the journal goes. A write that changed nothing only drops its journal.
 */
export async function commitGeneration(
  root: string,
  manifest: Manifest,
  g: PendingGeneration,
  mode: ConflictMode | 'drop',
  opts: WriteOptions,
  counts: MergeCounts,
): Promise<void> {
  if (g.superseded.length === 0 && g.written.length === 0) {
    await removeJournal(g.dir);
    return;
  }
  const key = { venue: manifest.venue, symbol: manifest.symbol, timeframe: manifest.timeframe };
  await saveEntry(root, key, g.generation, manifest);
  crashPoint('before-manifest');
  try {
    await writeManifest(root, {
      ...manifest,
      generation: g.generation,
      partitions: [...g.next.values()].sort((a, b) => a.minTs - b.minTs),
      lastWrite: {
        at: Date.now(),
        source: opts.source ?? 'api',
        mode,
        counts: { added: counts.added, replaced: counts.replaced, removed: counts.removed },
      },
      pendingDelete: g.superseded,
    });
  } catch (err) {
    await removeEntry(root, key, g.generation);
    throw err;
  }
  crashPoint('after-manifest');
  await retainFiles(root, key, g.generation, g.superseded);
  await removeJournal(g.dir);
}

function addCounts(total: MergeCounts, part: MergeCounts): void {
  total.added += part.added;
  total.replaced += part.replaced;
  total.removed += part.removed;
  total.skipped += part.skipped;
}

/**
 * Counts a partition's merge into the write's result and notes the file it replaces; true when the
 * merged bars still have to be written (false: unchanged, or emptied and dropped from the manifest).
 */
export function takeMerged(
  g: PendingGeneration,
  result: MergeCounts,
  partKey: string,
  old: PartitionEntry | undefined,
  merged: MergeResult,
): boolean {
  addCounts(result, merged);
  if (!merged.changed) return false;
  if (old) g.superseded.push(old.file);
  if (merged.bars.length > 0) return true;
  g.next.delete(partKey);
  return false;
}
