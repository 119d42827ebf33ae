import type { SeriesKey } from '../../../../src-shared/domain/series';
import { concatBatches, emptyBatch, gather } from '../batch';
import { partitionKeyOf, partitionScheme } from '../disk/layout';
import type { Manifest } from '../disk/manifest';
import type { ParquetCompression } from '../parquet/codec';
import { loadParquetLibs } from '../parquet/libs';
import { encodeInThread } from '../partition-encoder';
import { partitionEncodeOptions, readPartitionBatch, storePartition, syncSeriesDir } from '../partition-io';
import type { BarBatch, WriteOptions, WriteResult } from '../types';
import { abandonGeneration, commitGeneration, takeMerged } from './write-commit';
import { planWrite } from './write-plan';

/** A drop's counts, the bars removed, and the generation it committed (null: nothing was dropped). */
export interface DropResult {
  result: WriteResult;
  dropped: BarBatch;
  generation: number | null;
}

/**
 * Removes the bars at the given times from a series as one catalog write (a new generation, so undo
 * brings them back); the caller holds the writer lock. Returns the write's counts and the bars
 * removed (a time with no bar is ignored, and counted as such by the caller comparing lengths).
 */
export async function applyDrop(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  times: readonly number[],
  opts: WriteOptions,
  compression: ParquetCompression = 'zstd',
): Promise<DropResult> {
  const result: WriteResult = { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
  const drop = new Set(times);
  const scheme = partitionScheme(key.timeframe);
  const keys = new Set(times.map((t) => partitionKeyOf(t, scheme)));
  const listed = manifest.partitions.filter((p) => keys.has(p.key)).map((p) => p.key);
  if (listed.length === 0) return { result, dropped: emptyBatch(), generation: null };
  await loadParquetLibs();
  const sorted = [...times].sort((a, b) => a - b);
  const span = { first: sorted[0]!, last: sorted[sorted.length - 1]! };
  const { byKey, affected, g } = await planWrite(root, key, manifest, listed, 'merge', span);
  const dropped: BarBatch[] = [];
  try {
    for (const partKey of affected) {
      const old = byKey.get(partKey)!;
      const existing = await readPartitionBatch(root, key, old);
      const keep: number[] = [];
      const gone: number[] = [];
      for (let i = 0; i < existing.length; i++) (drop.has(existing.ts[i]!) ? gone : keep).push(i);
      if (gone.length === 0) continue;
      dropped.push(gather(existing, gone));
      const bars = gather(existing, keep);
      const merged = { added: 0, replaced: 0, removed: gone.length, skipped: 0, bars, changed: true };
      if (!takeMerged(g, result, partKey, old, merged)) continue;
      const encoded = await encodeInThread(bars, partitionEncodeOptions(key, partKey, compression));
      const entry = await storePartition(root, key, partKey, g.generation, bars, encoded);
      g.written.push(entry.file);
      g.next.set(partKey, entry);
      result.partitionsWritten++;
    }
    if (g.superseded.length > 0) await syncSeriesDir(root, key);
  } catch (err) {
    await abandonGeneration(g);
    throw err;
  }
  await commitGeneration(root, manifest, g, 'drop', opts, result);
  return {
    result,
    dropped: dropped.length > 0 ? concatBatches(dropped) : emptyBatch(),
    generation: result.removed > 0 ? g.generation : null,
  };
}
