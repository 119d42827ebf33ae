import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { emptyBatch } from '../batch';
import { crashPoint } from '../disk/crash-hook';
import { partitionFileName } from '../disk/layout';
import type { Manifest, PartitionEntry } from '../disk/manifest';
import { arrowToBatch } from '../parquet/arrow';
import type { ParquetCompression } from '../parquet/codec';
import { loadParquetLibs } from '../parquet/libs';
import { encodeInThread } from '../partition-encoder';
import {
  partitionEncodeOptions,
  readPartitionAsTable,
  readPartitionBatch,
  storePartition,
  syncSeriesDir,
} from '../partition-io';
import type { WriteOptions, WriteResult } from '../types';
import { mergePartition } from './merge-plan';
import { type StagedPartition, stagedFile } from './staging';
import { abandonGeneration, commitGeneration, takeMerged } from './write-commit';
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
  await loadParquetLibs();
  const { byKey, affected, g } = await planWrite(root, key, manifest, staged.keys(), mode, span);
  try {
    for (const partKey of affected) {
      opts.signal?.throwIfAborted();
      const part = staged.get(partKey);
      const old = byKey.get(partKey);
      const file = partitionFileName(partKey, g.generation);
      if (!old && part) {
        // A new partition (the bulk-import case): the staged file is the partition file.
        const { path: from, ...entry } = part;
        await fs.rename(stagedFile(root, from), path.join(g.dir, file));
        g.written.push(file);
        crashPoint('partition-renamed');
        g.next.set(partKey, { ...entry, file, writtenAt: Date.now() } satisfies PartitionEntry);
        result.added += part.rows;
        result.partitionsWritten++;
        continue;
      }
      const existing = old ? await readPartitionBatch(root, key, old) : emptyBatch();
      const incoming = part
        ? arrowToBatch(await readPartitionAsTable({ file: stagedFile(root, part.path) }))
        : emptyBatch();
      const merged = mergePartition(existing, incoming, mode, span);
      if (!takeMerged(g, result, partKey, old, merged)) continue;
      const encoded = await encodeInThread(merged.bars, partitionEncodeOptions(key, partKey, compression));
      const entry = await storePartition(root, key, partKey, g.generation, merged.bars, encoded);
      g.written.push(entry.file);
      g.next.set(partKey, entry);
      result.partitionsWritten++;
    }
    if (g.superseded.length > 0 || g.written.length > 0) {
      opts.signal?.throwIfAborted();
      await syncSeriesDir(root, key);
    }
  } catch (err) {
    await abandonGeneration(g);
    throw err;
  }
  await commitGeneration(root, manifest, g, mode, opts, result);
  return result;
}
