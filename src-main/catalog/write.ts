import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConflictMode } from '../../src-shared/domain/bar';
import type { SeriesKey } from '../../src-shared/domain/series';
import { emptyBatch, sliceBatch, sortedUnique, validateBatch } from './batch';
import { crashPoint } from './crash-hook';
import { removeJournal } from './journal';
import { partitionBounds, partitionKeyOf, partitionScheme } from './layout';
import { type Manifest, type PartitionEntry, writeManifest } from './manifest';
import type { ParquetCompression } from './parquet/codec';
import { type EncodedPartition, encodeInThread, type PartitionEncoder } from './partition-encoder';
import { partitionEncodeOptions, readPartitionBatch, storePartition, syncSeriesDir } from './partition-io';
import { type MergeCounts, mergePartition, splitByPartition } from './plan';
import type { BarBatch, WriteOptions, WriteResult } from './types';
import { planWrite } from './write-plan';

/**
 * Applies one batch to a series; the caller holds the writer lock and passes the committed manifest.
 * Order: journal of the file names about to appear, new partition files (temp, fsync, rename to a new
 * generation's name), folder fsync, the manifest (atomic rename) as the single commit point, deletion
 * of superseded files, journal removed.
 */
export async function applyWrite(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  input: BarBatch,
  mode: ConflictMode,
  opts: WriteOptions = {},
  compression: ParquetCompression = 'zstd',
  encoder?: PartitionEncoder,
): Promise<WriteResult> {
  validateBatch(input);
  const incoming = sortedUnique(input);
  const result: WriteResult = { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
  if (incoming.length === 0) return result;
  const scheme = partitionScheme(key.timeframe);
  const span = { first: incoming.ts[0]!, last: incoming.ts[incoming.length - 1]! };
  const slices = new Map(
    splitByPartition(incoming.ts, (t) => partitionKeyOf(t, scheme), partitionBounds).map((s) => [
      s.key,
      sliceBatch(incoming, s.start, s.end),
    ]),
  );
  const { generation, dir, byKey, affected } = await planWrite(
    root,
    key,
    manifest,
    slices.keys(),
    mode,
    span,
  );
  const next = new Map(byKey);
  const superseded: string[] = [];
  crashPoint('write-start');
  const written: string[] = [];
  try {
    await writePartitions();
  } catch (err) {
    // Nothing is committed yet: take back this generation's files (they are ours and unreferenced).
    await Promise.all(written.map((f) => fs.rm(path.join(dir, f), { force: true })));
    await removeJournal(dir);
    throw err;
  }
  async function writePartitions(): Promise<void> {
    // Large multi-partition writes encode in workers, a few partitions ahead of the one being stored;
    // files still reach the disk one by one in key order, so the crash stages fire as before.
    const inWorkers = encoder?.forWrite(incoming.length, affected.length);
    const encode = inWorkers ?? encodeInThread;
    const ahead = inWorkers ? (encoder?.parallelism ?? 1) : 1;
    const queue: { partKey: string; bars: BarBatch; encoded: Promise<EncodedPartition> }[] = [];
    const store = async (job: (typeof queue)[number]) => {
      const entry = await storePartition(root, key, job.partKey, generation, job.bars, await job.encoded);
      written.push(entry.file);
      next.set(job.partKey, entry);
      result.partitionsWritten++;
    };
    try {
      for (const partKey of affected) {
        opts.signal?.throwIfAborted();
        const old = byKey.get(partKey);
        const existing = old ? await readPartitionBatch(root, key, old) : emptyBatch();
        const merged = mergePartition(existing, slices.get(partKey) ?? emptyBatch(), mode, span);
        addCounts(result, merged);
        if (!merged.changed) continue;
        if (old) superseded.push(old.file);
        if (merged.bars.length === 0) {
          next.delete(partKey);
          continue;
        }
        const encoded = encode(merged.bars, partitionEncodeOptions(key, partKey, compression));
        queue.push({ partKey, bars: merged.bars, encoded });
        while (queue.length >= ahead) await store(queue.shift()!);
      }
      while (queue.length > 0) await store(queue.shift()!);
    } finally {
      // On failure, encodes still running must not surface as unhandled rejections.
      for (const job of queue) job.encoded.catch(() => undefined);
    }
    if (superseded.length > 0 || written.length > 0) {
      opts.signal?.throwIfAborted();
      await syncSeriesDir(root, key);
    }
  }
  if (superseded.length === 0 && result.partitionsWritten === 0) {
    await removeJournal(dir);
    return result;
  }
  crashPoint('before-manifest');
  const committed: Manifest = {
    ...manifest,
    generation,
    partitions: [...next.values()].sort((a: PartitionEntry, b: PartitionEntry) => a.minTs - b.minTs),
    lastWrite: { at: Date.now(), source: opts.source ?? 'api', mode },
    pendingDelete: superseded,
  };
  await writeManifest(root, committed);
  crashPoint('after-manifest');
  for (const file of superseded) {
    await fs.rm(path.join(dir, file), { force: true });
    crashPoint('superseded-deleted');
  }
  await removeJournal(dir);
  return result;
}

function addCounts(total: MergeCounts, part: MergeCounts): void {
  total.added += part.added;
  total.replaced += part.replaced;
  total.removed += part.removed;
  total.skipped += part.skipped;
}
