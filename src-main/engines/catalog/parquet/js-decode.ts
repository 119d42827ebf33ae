import { createRequire } from 'node:module';
import type * as ZstdWasm from '@bokuweb/zstd-wasm';
import type { Table } from 'apache-arrow';
import {
  type ColumnData,
  type Compressors,
  type FileMetaData,
  parquetMetadata,
  parquetRead,
  type SchemaElement,
} from 'hyparquet';
import { decompressLz4Raw } from 'hyparquet-compressors/src/lz4.js';
import {
  BAR_COLUMNS,
  BAR_OHLCV_COLUMNS,
  BAR_OPTIONAL_COLUMNS,
  type BarColumn,
} from '../../../../src-shared/domain/bar';
import { batchOf } from '../batch';
import type { BarBatch } from '../types';
import { batchToArrow, int64ToNumbers } from './arrow';
import { decodeColumnChunk } from './page-decode';

let zstd: Promise<typeof ZstdWasm> | undefined;

// zstd's own C decoder in a 250 KB wasm module: a fresh process decodes a row group's pages in
// ~15 ms of CPU with it, ~115 ms with a JavaScript zstd (fzstd); loaded only for zstd files. A failed
// load is forgotten (the next read tries again) and leaves the read to parquet-wasm.
function loadZstd(): Promise<typeof ZstdWasm> {
  zstd ??= (async () => {
    const lib = createRequire(import.meta.url)('@bokuweb/zstd-wasm') as typeof ZstdWasm;
    // Compiling wasm is V8 work, not a libuv handle: with nothing else pending, Node 20 waits for it
    // in DrainTasks, where an optimising job that needs a GC deadlocks (a one-day `barcat query
    // --format parquet` hung in ~3 of 10 runs). A timer keeps the event loop alive meanwhile.
    const alive = setInterval(() => undefined, 60_000);
    try {
      await lib.init();
    } finally {
      clearInterval(alive);
    }
    return lib;
  })().catch((err: unknown) => {
    zstd = undefined;
    throw err;
  });
  return zstd;
}

/** The codecs decoded here: the two a catalog writes (catalog.json "compression") and none. */
const JS_CODECS = new Set(['ZSTD', 'LZ4_RAW', 'UNCOMPRESSED']);

/** The decoders of the file's codecs; undefined when zstd's decoder does not load. */
async function compressorsFor(metadata: FileMetaData): Promise<Compressors | undefined> {
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)));
  if (!codecs.has('ZSTD')) return { LZ4_RAW: decompressLz4Raw };
  let decompress: (typeof ZstdWasm)['decompress'];
  try {
    ({ decompress } = await loadZstd());
  } catch {
    return undefined;
  }
  return {
    LZ4_RAW: decompressLz4Raw,
    ZSTD: (input, outputLength) => {
      const out = decompress(input, { defaultHeapSize: outputLength });
      if (out.length !== outputLength)
        throw new Error(`a zstd page decoded to ${out.length} bytes, its header says ${outputLength}`);
      return out;
    },
  };
}

/** Files of this thread whose pages went to hyparquet (not of the kind page-decode.ts reads): tests check the path taken. */
export const jsDecodeStats = { hyparquet: 0 };

/**
 * Decodes row groups of a partition file in plain JavaScript (hyparquet) into the Arrow table
 * parquet-wasm's decode gives: a one-shot process reading a few row groups (`barcat query` of a day)
 * then skips loading and compiling parquet-wasm's 5 MB module, most of its time. Only the catalog's
 * own layout is taken (ts INT64 timestamp, required prices, optional trades/vwap, every column
 * known); anything else returns undefined and is left to parquet-wasm.
 */
export async function decodeParquetJs(
  bytes: Uint8Array,
  rowGroups?: number[],
  columns?: string[],
): Promise<Table | undefined> {
  const decoded = await decodeParquetJsBatch(bytes, rowGroups, columns);
  return decoded && batchToArrow(decoded.batch, decoded.columns);
}

/**
 * decodeParquetJs's bars as columns, before any Arrow table (nulls of trades/vwap are NaN, as
 * arrowToBatch makes them): what a read that wants a BarBatch takes, without loading apache-arrow.
 * `columns` are the file's columns decoded, in file order (a trades/vwap column is in the batch
 * only when decoded).
 */
export async function decodeParquetJsBatch(
  bytes: Uint8Array,
  rowGroups?: number[],
  columns?: string[],
): Promise<{ batch: BarBatch; columns: BarColumn[] } | undefined> {
  // hyparquet reads an ArrayBuffer: a file's own buffer (readFileSync of a partition) is taken as it is.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const file = (
    whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  ) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const fields = catalogFields(metadata);
  if (!fields) return undefined;
  // ts is read as its physical INT64 (ms, checked above): hyparquet would make a Date of each value.
  const ts = metadata.schema[1]!;
  ts.logical_type = undefined;
  ts.converted_type = undefined;
  const wanted = fields.filter((c) => !columns || columns.includes(c));
  const starts: number[] = [];
  let at = 0;
  for (const g of metadata.row_groups) {
    starts.push(at);
    at += Number(g.num_rows);
  }
  const groups = rowGroups ?? metadata.row_groups.map((_, i) => i);
  const bad = groups.find((g) => g < 0 || g >= metadata.row_groups.length);
  if (bad !== undefined)
    throw new Error(`row group ${bad} is out of range; the file has ${metadata.row_groups.length}`);
  const compressors = await compressorsFor(metadata);
  if (!compressors) return undefined;
  const length = groups.reduce((n, g) => n + Number(metadata.row_groups[g]!.num_rows), 0);
  const out = new Map<string, Float64Array>(wanted.map((c) => [c, new Float64Array(length)]));
  if (!decodePages(bytes, metadata, fields, groups, compressors, out)) {
    jsDecodeStats.hyparquet++;
    await readWithHyparquet();
  }
  const get = (c: BarColumn) => out.get(c) ?? new Float64Array(0);
  const batch = batchOf(length, get);
  for (const c of BAR_OPTIONAL_COLUMNS) {
    const values = out.get(c);
    if (values) batch[c] = values;
  }
  return { batch, columns: wanted };

  // Pages of another kind than the catalog writes (page-decode.ts): hyparquet reads them.
  async function readWithHyparquet(): Promise<void> {
    let offset = 0;
    // hyparquet does not pass on what onChunk throws: kept here and thrown after the read.
    let failed: { err: unknown } | undefined;
    for (const g of groups) {
      const rowStart = starts[g]!;
      const rowEnd = rowStart + Number(metadata.row_groups[g]!.num_rows);
      const base = offset;
      await parquetRead({
        file,
        metadata,
        columns: wanted,
        rowStart,
        rowEnd,
        compressors,
        onChunk: (chunk) => {
          try {
            copyChunk(chunk, out.get(chunk.columnName)!, base, rowStart, rowEnd);
          } catch (err) {
            failed ??= { err };
          }
        },
      });
      if (failed) throw failed.err;
      offset += rowEnd - rowStart;
    }
  }
}

/** Decodes the row groups' wanted columns (out's keys) with page-decode.ts; false if a page is not its kind. */
function decodePages(
  bytes: Uint8Array,
  metadata: FileMetaData,
  fields: BarColumn[],
  groups: number[],
  compressors: Compressors,
  out: Map<string, Float64Array>,
): boolean {
  let at = 0;
  for (const g of groups) {
    const group = metadata.row_groups[g]!;
    const rows = Number(group.num_rows);
    for (const [name, values] of out) {
      const meta = group.columns[fields.indexOf(name as BarColumn)]?.meta_data;
      if (!meta) return false;
      const codec = meta.codec === 'UNCOMPRESSED' ? undefined : compressors[meta.codec];
      if (meta.codec !== 'UNCOMPRESSED' && !codec) return false;
      const optional = (BAR_OPTIONAL_COLUMNS as readonly string[]).includes(name);
      const decompress = (page: Uint8Array, size: number) => (codec ? codec(page, size) : page);
      if (!decodeColumnChunk(bytes, meta, optional, values, at, rows, decompress)) return false;
    }
    at += rows;
  }
  return true;
}

/** Copies the chunk's rows inside [rowStart, rowEnd) of the file to `into` from `base`; null -> NaN. */
function copyChunk(
  chunk: ColumnData,
  into: Float64Array,
  base: number,
  rowStart: number,
  rowEnd: number,
): void {
  const from = Math.max(chunk.rowStart, rowStart);
  const to = Math.min(chunk.rowEnd, rowEnd);
  if (to <= from) return;
  const at = base + from - rowStart;
  const data = chunk.columnData;
  const lo = from - chunk.rowStart;
  // Required doubles come as Float64Array, ts as BigInt64Array (read as plain INT64), nullable
  // doubles as an array with nulls; dictionary pages give plain arrays (of bigints for ts).
  if (data instanceof Float64Array) into.set(data.subarray(lo, lo + to - from), at);
  else if (data instanceof BigInt64Array) int64ToNumbers(data.subarray(lo), into, at, to - from, 1);
  else {
    const values = data as ArrayLike<number | bigint | null | undefined>;
    for (let i = 0; i < to - from; i++) {
      const v = values[lo + i];
      into[at + i] = v === null || v === undefined ? Number.NaN : Number(v);
    }
  }
}

/** The file's columns when it has the catalog's layout and codecs, in file order; undefined otherwise. */
function catalogFields(metadata: FileMetaData): BarColumn[] | undefined {
  const [root, ...elements] = metadata.schema;
  if (!root || elements.length !== root.num_children) return undefined;
  const codecsOk = metadata.row_groups.every((g) =>
    g.columns.every((c) => c.meta_data !== undefined && JS_CODECS.has(c.meta_data.codec)),
  );
  if (!codecsOk) return undefined;
  const names: BarColumn[] = [];
  for (const e of elements) {
    const name = (BAR_COLUMNS as readonly string[]).includes(e.name) ? (e.name as BarColumn) : undefined;
    if (!name || !layoutOk(name, e)) return undefined;
    names.push(name);
  }
  return names[0] === 'ts' && BAR_OHLCV_COLUMNS.every((c) => names.includes(c)) ? names : undefined;
}

function layoutOk(name: BarColumn, e: SchemaElement): boolean {
  if (name === 'ts') {
    const t = e.logical_type;
    return (
      e.type === 'INT64' &&
      e.repetition_type === 'REQUIRED' &&
      t?.type === 'TIMESTAMP' &&
      t.unit === 'MILLIS' &&
      t.isAdjustedToUTC
    );
  }
  const optional = (BAR_OPTIONAL_COLUMNS as readonly string[]).includes(name);
  return e.type === 'DOUBLE' && e.repetition_type === (optional ? 'OPTIONAL' : 'REQUIRED') && !e.logical_type;
}
