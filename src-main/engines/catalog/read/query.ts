import { BAR_BASE_COLUMNS, BAR_OHLCV_COLUMNS, BAR_OPTIONAL_COLUMNS } from '../../../../src-shared/domain/bar';
import type { Interval } from '../../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { intersectIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import { concatBatches, emptyBatch, lowerBound, sliceBatch } from '../batch';
import { type Manifest, readManifest } from '../disk/manifest';
import { arrowToBatch } from '../parquet/arrow';
import { loadArrowLib } from '../parquet/libs';
import { emptyTable, selectColumns, sliceByTime, tablesToTable } from '../parquet/table-ops';
import {
  partitionRead,
  readPartitionAsBatchJs,
  readPartitionAsTable,
  rowGroupsOverlapping,
} from '../partition-io';
import type { BarBatch, QueryOptions } from '../types';
import { decodesInJs, type PartitionReader } from './partition-decoder';
import type { PartitionRead } from './partition-read';

const ALL_TIME: Interval = { from: -8.64e15, to: 8.64e15 };

/** The time windows a query asks for: the range, cut to the chosen years and months of each year. */
export function queryWindows(range: Interval | undefined, opts: QueryOptions = {}): Interval[] {
  const base = [range ?? ALL_TIME];
  if (!opts.years && !opts.months) return base;
  const [y0, y1] = opts.years ?? yearsOf(range);
  const [m0, m1] = opts.months ?? [1, 12];
  if (m0 < 1 || m1 > 12 || m0 > m1)
    throw new BarcatError('BAD_INPUT', `months ${m0}-${m1} must lie within 1-12, first before last`);
  if (y0 > y1) throw new BarcatError('BAD_INPUT', `years ${y0}-${y1}: first year is after the last`);
  const windows: Interval[] = [];
  for (let y = y0; y <= y1; y++) windows.push({ from: Date.UTC(y, m0 - 1, 1), to: Date.UTC(y, m1, 1) });
  return intersectIntervals(windows, base);
}

function yearsOf(range: Interval | undefined): [number, number] {
  if (!range) throw new BarcatError('BAD_INPUT', 'a month selection needs a year range or a time range');
  return [new Date(range.from).getUTCFullYear(), new Date(range.to - 1).getUTCFullYear()];
}

export function notFound(root: string, key: SeriesKey): BarcatError {
  return new BarcatError(
    'NOT_FOUND',
    `series ${seriesId(key)} is not in the catalog ${root}; run "barcat list" to see what is there`,
  );
}

/**
 * Reads bars in the windows, touching only overlapping partitions and row groups; `reader` decodes
 * them (the catalog passes its PartitionDecoder: bars in JavaScript, worker threads for large reads).
 */
export async function queryBars(
  root: string,
  key: SeriesKey,
  range: Interval | undefined,
  opts: QueryOptions = {},
  reader: PartitionReader,
) {
  const windows = queryWindows(range, opts);
  return withManifest(root, key, (manifest) => {
    if (opts.columns) checkColumns(manifest, opts.columns);
    return readWindows(root, key, manifest, windows, opts.columns, reader);
  });
}

/**
 * Runs a read over the series' manifest. A writer may delete a superseded file between our
 * manifest read and file open: then re-read the manifest and retry.
 */
export async function withManifest<T>(
  root: string,
  key: SeriesKey,
  read: (manifest: Manifest) => Promise<T> | T,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const manifest = await readManifest(root, key);
    if (!manifest) throw notFound(root, key);
    try {
      return await read(manifest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (attempt >= 3)
        throw new BarcatError(
          'DATA',
          `a partition file of ${seriesId(key)} disappeared while reading (${(err as Error).message}); run "barcat verify"`,
        );
    }
  }
}

function checkColumns(manifest: Manifest, columns: string[]): void {
  const extra = new Set(manifest.partitions.flatMap((p) => p.extraColumns));
  const known: string[] = [...BAR_BASE_COLUMNS, ...BAR_OPTIONAL_COLUMNS.filter((c) => extra.has(c))];
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length > 0)
    throw new BarcatError(
      'BAD_INPUT',
      `unknown column ${unknown.join(', ')}; this series has ${known.join(', ')}`,
    );
}

/** What a read of the windows decodes: per partition its read, the windows it serves and whether whole. */
interface WindowsPlan {
  reads: PartitionRead[];
  hits: Interval[][];
  whole: boolean[];
  rows: number;
}

function planWindows(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  windows: Interval[],
  columns: string[] | undefined,
): WindowsPlan {
  const parts = [...manifest.partitions].sort((a, b) => a.minTs - b.minTs);
  const plan: WindowsPlan = { reads: [], hits: [], whole: [], rows: 0 };
  for (const entry of parts) {
    const hits = windows.filter((w) => entry.minTs < w.to && entry.maxTs >= w.from);
    if (hits.length === 0) continue;
    const groups = [...new Set(hits.flatMap((w) => rowGroupsOverlapping(entry, w.from, w.to)))].sort(
      (a, b) => a - b,
    );
    if (groups.length === 0) continue;
    // ts is always read: slicing to the windows needs it.
    const wanted = columns
      ? [
          'ts',
          ...columns.filter((c) => c !== 'ts' && [...BAR_OHLCV_COLUMNS, ...entry.extraColumns].includes(c)),
        ]
      : undefined;
    plan.reads.push(partitionRead(root, key, entry, groups, wanted));
    plan.hits.push(hits);
    plan.whole.push(hits.length === 1 && hits[0]!.from <= entry.minTs && hits[0]!.to > entry.maxTs);
    for (const g of groups) plan.rows += entry.rowGroups[g]!.rows;
  }
  return plan;
}

async function readWindows(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
  windows: Interval[],
  columns: string[] | undefined,
  reader: PartitionReader,
) {
  const plan = planWindows(root, key, manifest, windows, columns);
  const tables = await reader(plan.reads, plan.rows);
  const pieces = tables.flatMap((table, i) =>
    plan.whole[i] ? [table] : plan.hits[i]!.map((w) => sliceByTime(table, w.from, w.to)),
  );
  const table =
    pieces.length > 0 ? tablesToTable(pieces) : emptyTable(manifest.partitions[0]?.extraColumns ?? []);
  return columns ? selectColumns(table, columns) : table;
}

/**
 * queryBars's bars as one BarBatch (every column; trades/vwap nulls as NaN, as arrowToBatch gives
 * them). A read small enough to decode in JavaScript (decodesInJs) goes from the file's pages to the
 * batch without an Arrow table, so a one-shot `barcat query` of a day never loads apache-arrow;
 * a larger one is queryBars through `reader` (its cache and workers) and arrowToBatch.
 */
export async function queryBarsBatch(
  root: string,
  key: SeriesKey,
  range: Interval | undefined,
  opts: Pick<QueryOptions, 'years' | 'months'>,
  reader: PartitionReader,
): Promise<BarBatch> {
  const windows = queryWindows(range, opts);
  return withManifest(root, key, async (manifest) => {
    const plan = planWindows(root, key, manifest, windows, undefined);
    if (!decodesInJs(plan.rows)) {
      loadArrowLib();
      return arrowToBatch(await readWindows(root, key, manifest, windows, undefined, reader));
    }
    const pieces: BarBatch[] = [];
    for (const [i, read] of plan.reads.entries()) {
      // A file not in the catalog's own layout is decoded by parquet-wasm, as the decoder's readOne does.
      const batch = (await readPartitionAsBatchJs(read)) ?? (await readForeign(read));
      if (plan.whole[i]) pieces.push(batch);
      else
        for (const w of plan.hits[i]!)
          pieces.push(sliceBatch(batch, lowerBound(batch.ts, w.from), lowerBound(batch.ts, w.to)));
    }
    if (pieces.length > 0) return concatBatches(pieces);
    const extra = manifest.partitions[0]?.extraColumns ?? [];
    return emptyBatch(BAR_OPTIONAL_COLUMNS.filter((c) => extra.includes(c)));
  });
}

async function readForeign(read: PartitionRead): Promise<BarBatch> {
  loadArrowLib();
  return arrowToBatch(await readPartitionAsTable(read));
}
