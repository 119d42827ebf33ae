import type { Interval } from '../../../../src-shared/domain/range';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import { allocBatch, lowerBound, sliceBatch } from '../batch';
import type { PartitionEntry } from '../disk/manifest';
import { decodeParquetInto } from '../parquet/ffi-decode';
import { loadParquetWasm } from '../parquet/libs';
import { corruptIfThrows, partitionRead, rowGroupsOverlapping } from '../partition-io';
import type { BarBatch } from '../types';
import { readPartitionBytes } from './partition-read';

/**
 * Bars in [from, to) of the given partitions (entries of a manifest the caller read and validated)
 * as one BarBatch of ts and OHLCV (no trades or vwap), decoded on this thread straight into its
 * columns: the row count comes from the entries' row-group index, so each value is copied once out
 * of the decoder (see parquet/ffi-decode.ts). Reads no manifest, no cache and keeps none: for a
 * worker that reads each partition once (the quality checks) and loads no manifest schema. Each
 * file is read once, checked inside the catalog and its checksum checked on the bytes decoded; a
 * file a write has superseded since is an ENOENT the caller answers (see quality/check-pool.ts).
 * apache-arrow is not loaded (only a file of another layout needs it).
 */
export async function readBatch(
  root: string,
  key: SeriesKey,
  partitions: readonly PartitionEntry[],
  range: Interval,
): Promise<BarBatch> {
  await loadParquetWasm();
  const plan = [...partitions]
    .sort((a, b) => a.minTs - b.minTs)
    .map((entry) => ({ entry, groups: rowGroupsOverlapping(entry, range.from, range.to) }))
    .filter((p) => p.groups.length > 0);
  let rows = 0;
  for (const { entry, groups } of plan) for (const g of groups) rows += entry.rowGroups[g]!.rows;
  const out = allocBatch(rows);
  let at = 0;
  for (const { entry, groups } of plan) {
    const read = partitionRead(root, key, entry, groups);
    let want = 0;
    for (const g of groups) want += entry.rowGroups[g]!.rows;
    // Each file decodes into its own rows of `out`: a count off in the manifest names that file.
    const got = await corruptIfThrows(read.file, () =>
      decodeParquetInto(readPartitionBytes(read), read.rowGroups, sliceBatch(out, at, at + want), 0),
    );
    if (got !== want)
      throw new BarcatError(
        'CORRUPT',
        `partition file ${read.file} holds ${got} rows where its manifest says ${want}; run "barcat verify" to quarantine it`,
        { reason: 'row_count', file: read.file, rows: got, manifestRows: want },
      );
    at += want;
  }
  return sliceBatch(out, lowerBound(out.ts, range.from), lowerBound(out.ts, range.to));
}
