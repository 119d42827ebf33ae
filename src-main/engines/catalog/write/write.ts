import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { emptyBatch, sliceBatch, sortedUnique } from '../batch';
import { partitionBounds, partitionKeyOf, partitionScheme } from '../disk/layout';
import type { Manifest } from '../disk/manifest';
import type { ParquetCompression } from '../parquet/codec';
import { type EncodedPartition, encodeInThread, type PartitionEncoder } from '../partition-encoder';
import { partitionEncodeOptions, readPartitionBatch, storePartition, syncSeriesDir } from '../partition-io';
import type { BarBatch, WriteOptions, WriteResult } from '../types';
import { mergePartition, splitByPartition } from './merge-plan';
import { abandonGeneration, commitGeneration, takeMerged } from './write-commit';
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
  const incoming = sortedUnique(input);
  const result: WriteResult = { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
  if (incoming.length === 0) return result;
  const scheme = partitionScheme(key.timeframe);
  const span = overwriteSpan(incoming, mode, opts);
  const slices = new Map(
    splitByPartition(incoming.ts, (t) => partitionKeyOf(t, scheme), partitionBounds).map((s) => [
      s.key,
      sliceBatch(incoming, s.start, s.end),
    ]),
  );
  const { byKey, affected, g } = await planWrite(root, key, manifest, slices.keys(), mode, span);
  try {
    await writePartitions();
  } catch (err) {
    await abandonGeneration(g);
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
      const entry = await storePartition(root, key, job.partKey, g.generation, job.bars, await job.encoded);
      g.written.push(entry.file);
      g.next.set(job.partKey, entry);
      result.partitionsWritten++;
    };
    try {
      for (const partKey of affected) {
        opts.signal?.throwIfAborted();
        const old = byKey.get(partKey);
        const existing = old ? await readPartitionBatch(root, key, old) : emptyBatch();
        const merged = mergePartition(existing, slices.get(partKey) ?? emptyBatch(), mode, span);
        if (!takeMerged(g, result, partKey, old, merged)) continue;
        const encoded = encode(merged.bars, partitionEncodeOptions(key, partKey, compression));
        queue.push({ partKey, bars: merged.bars, encoded });
        while (queue.length >= ahead) await store(queue.shift()!);
      }
      while (queue.length > 0) await store(queue.shift()!);
    } finally {
      // On failure, encodes still running must not surface as unhandled rejections.
      for (const job of queue) job.encoded.catch(() => undefined);
    }
    if (g.superseded.length > 0 || g.written.length > 0) {
      opts.signal?.throwIfAborted();
      await syncSeriesDir(root, key);
    }
  }
  await commitGeneration(root, manifest, g, mode, opts, result);
  return result;
}

/** [first, last] ts an overwrite replaces: the batch's span, widened to opts.overwriteRange when given. */
function overwriteSpan(incoming: BarBatch, mode: ConflictMode, opts: WriteOptions) {
  const first = incoming.ts[0]!;
  const last = incoming.ts[incoming.length - 1]!;
  const r = mode === 'overwrite' ? opts.overwriteRange : undefined;
  return r ? { first: Math.min(first, r.from), last: Math.max(last, r.to - 1) } : { first, last };
}
