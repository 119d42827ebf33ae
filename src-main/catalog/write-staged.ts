import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConflictMode } from '../../src-shared/domain/bar';
import type { SeriesKey } from '../../src-shared/domain/series';
import { emptyBatch } from './batch';
import { crashPoint } from './crash-hook';
import { removeJournal } from './journal';
import { partitionFileName } from './layout';
import { type Manifest, type PartitionEntry, writeManifest } from './manifest';
import { arrowToBatch } from './parquet/arrow';
import { decodeParquet, type ParquetCompression } from './parquet/codec';
import { loadParquetLibs } from './parquet/libs';
import { encodeInThread } from './partition-encoder';
import { partitionEncodeOptions, readPartitionBatch, storePartition, syncSeriesDir } from './partition-io';
import { mergePartition } from './plan';
import type { StagedPartition } from './staging';
import type { WriteOptions, WriteResult } from './types';
import { planWrite } from './write-plan';

/**
 * Commits partitions encoded ahead into a staging folder (see staging.ts), with the same order and
 * crash safety as applyWrite: journal, files in place (a staged file whose partition is new is
 * renamed; one that meets existing bars is decoded, merged per `mode` and encoded again), folder
 * fsync, the manifest as the single commit point, superseded files deleted, journal removed.
 * `parts` are sorted by key, each sorted and unique, and together span [first, last].
 */
export async function applyStagedWrite(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  parts: readonly StagedPartition[],
  mode: ConflictMode,
  opts: WriteOptions = {},
  compression: ParquetCompression = 'zstd',
): Promise<WriteResult> {
  const result: WriteResult = { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!first || !last) return result;
  const span = { first: first.minTs, last: last.maxTs };
  const staged = new Map(parts.map((p) => [p.key, p]));
  const { generation, dir, byKey, affected } = await planWrite(
    root,
    key,
    manifest,
    staged.keys(),
    mode,
    span,
  );
  const next = new Map(byKey);
  const superseded: string[] = [];
  crashPoint('write-start');
  const written: string[] = [];
  try {
    for (const partKey of affected) {
      opts.signal?.throwIfAborted();
      const part = staged.get(partKey);
      const old = byKey.get(partKey);
      const file = partitionFileName(partKey, generation);
      if (!old && part) {
        // A new partition (the bulk-import case): the staged file is the partition file.
        const { path: from, ...entry } = part;
        await fs.rename(from, path.join(dir, file));
        written.push(file);
        crashPoint('partition-renamed');
        next.set(partKey, { ...entry, file, writtenAt: Date.now() } satisfies PartitionEntry);
        result.added += part.rows;
        result.partitionsWritten++;
        continue;
      }
      await loadParquetLibs();
      const existing = old ? await readPartitionBatch(root, key, old) : emptyBatch();
      const incoming = part ? arrowToBatch(decodeParquet(await fs.readFile(part.path))) : emptyBatch();
      const merged = mergePartition(existing, incoming, mode, span);
      result.added += merged.added;
      result.replaced += merged.replaced;
      result.removed += merged.removed;
      result.skipped += merged.skipped;
      if (!merged.changed) continue;
      if (old) superseded.push(old.file);
      if (merged.bars.length === 0) {
        next.delete(partKey);
        continue;
      }
      const encoded = await encodeInThread(merged.bars, partitionEncodeOptions(key, partKey, compression));
      const entry = await storePartition(root, key, partKey, generation, merged.bars, encoded);
      written.push(entry.file);
      next.set(partKey, entry);
      result.partitionsWritten++;
    }
    if (superseded.length > 0 || written.length > 0) {
      opts.signal?.throwIfAborted();
      await syncSeriesDir(root, key);
    }
  } catch (err) {
    // Nothing is committed yet: take back this generation's files (they are ours and unreferenced).
    await Promise.all(written.map((f) => fs.rm(path.join(dir, f), { force: true })));
    await removeJournal(dir);
    throw err;
  }
  if (superseded.length === 0 && result.partitionsWritten === 0) {
    await removeJournal(dir);
    return result;
  }
  crashPoint('before-manifest');
  await writeManifest(root, {
    ...manifest,
    generation,
    partitions: [...next.values()].sort((a, b) => a.minTs - b.minTs),
    lastWrite: { at: Date.now(), source: opts.source ?? 'api', mode },
    pendingDelete: superseded,
  });
  crashPoint('after-manifest');
  for (const file of superseded) {
    await fs.rm(path.join(dir, file), { force: true });
    crashPoint('superseded-deleted');
  }
  await removeJournal(dir);
  return result;
}
