import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { crashPoint } from '../disk/crash-hook';
import { parsePartitionFileName, partitionFileName, seriesDir } from '../disk/layout';
import type { Manifest, PartitionEntry } from '../disk/manifest';
import { partitionFilesIn } from '../disk/series-on-disk';
import { writeJournal } from './journal';
import type { PendingGeneration } from './write-commit';

/** What a write to one series rewrites, decided before any file is written, and what it has made. */
export interface WritePlan {
  /** The committed partitions, by key. */
  byKey: Map<string, PartitionEntry>;
  /** Keys of the partitions to rewrite, in key order. */
  affected: string[];
  /** The new generation, filled in as its files are written; committed by commitGeneration. */
  g: PendingGeneration;
}

/**
 * Plans a write of bars in partitions `keys` spanning [span.first, span.last], and journals the
 * file names it may create (see journal.ts) before the caller writes any of them.
 */
export async function planWrite(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  keys: Iterable<string>,
  mode: ConflictMode,
  span: { first: number; last: number },
): Promise<WritePlan> {
  const affected = new Set(keys);
  // Overwrite may empty partitions the batch has no bars in, anywhere inside its span.
  if (mode === 'overwrite')
    for (const p of manifest.partitions)
      if (p.minTs <= span.last && p.maxTs >= span.first) affected.add(p.key);
  const dir = seriesDir(root, key);
  // Above every partition file on disk too (a manifest restored from a backup may lag): a new file
  // never takes the name of one it does not know about.
  const onDisk = (await partitionFilesIn(dir)).map((f) => parsePartitionFileName(f)!.generation);
  const generation = Math.max(manifest.generation, ...onDisk) + 1;
  // The journal's folder is created if missing (the series' first write).
  await writeJournal(
    dir,
    generation,
    [...affected].map((k) => partitionFileName(k, generation)),
  );
  crashPoint('write-start');
  const byKey = new Map(manifest.partitions.map((p) => [p.key, p]));
  return {
    byKey,
    affected: [...affected].sort(),
    g: { generation, dir, next: new Map(byKey), superseded: [], written: [] },
  };
}
