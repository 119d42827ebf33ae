import { BAR_BASE_COLUMNS, type BarBaseColumn } from '../../../../src-shared/domain/bar';
import type { BarBatch } from '../types';
import { arrowToBatch, int64ToNumbers } from './arrow';
import { decodeParquet } from './codec';
import { loadArrowLib, parquetLib } from './libs';

// The Arrow C data interface's structs on wasm32 (five int64 counts, then 4-byte pointers).
const ARRAY_LENGTH = 0;
const ARRAY_NULL_COUNT = 8;
const ARRAY_OFFSET = 16;
const ARRAY_BUFFERS = 40;
const ARRAY_CHILDREN = 44;
const SCHEMA_FORMAT = 0;
const SCHEMA_NAME = 4;
const SCHEMA_CHILDREN_COUNT = 24;
const SCHEMA_CHILDREN = 32;

/** Formats the copy understands: timestamp in ms (any zone), float64; it copies out's ts and OHLCV (never trades or vwap). */
const FORMAT: Record<BarBaseColumn, (f: string) => boolean> = {
  ts: (f) => f.startsWith('tsm:'),
  open: (f) => f === 'g',
  high: (f) => f === 'g',
  low: (f) => f === 'g',
  close: (f) => f === 'g',
  volume: (f) => f === 'g',
};

/**
 * Decodes a partition file (or some row groups) into out's ts and OHLCV columns from row `at` on;
 * returns the rows written. The columns are copied once, straight out of wasm memory (the Arrow C
 * data interface), skipping the IPC stream, the Arrow JS table and the copy into a batch of a
 * table read: about 30 % of the CPU of decoding 120 monthly partitions of 1m bars into columns. A
 * file of another layout (a column in another type or with an offset) takes the table read
 * instead, with the same values. Needs parquet-wasm loaded (loadParquetWasm), not apache-arrow.
 */
export function decodeParquetInto(
  bytes: Uint8Array,
  rowGroups: number[] | undefined,
  out: BarBatch,
  at: number,
): number {
  const stream = parquetLib().readParquet(bytes, { batchSize: 65536, rowGroups }).intoFFI();
  let rows: number | undefined;
  try {
    rows = copyStream(stream.schemaAddr(), stream.arrayAddrs(), out, at);
  } finally {
    stream.free();
  }
  if (rows !== undefined) return rows;
  // Loaded here: a reader of the catalog's own files (the quality workers) never needs apache-arrow.
  loadArrowLib();
  return copyBatch(arrowToBatch(decodeParquet(bytes, { rowGroups })), out, at);
}

/** Rows the file holds; more than `out` has room for are counted, not copied (the caller words it, as copyColumns). */
function copyBatch(b: BarBatch, out: BarBatch, at: number): number {
  if (at + b.length <= out.length) for (const c of BAR_BASE_COLUMNS) out[c].set(b[c], at);
  return b.length;
}

/** Rows copied, or undefined when the layout is not the one expected (nothing then counts as written). */
function copyStream(schema: number, arrays: Uint32Array, out: BarBatch, at: number): number | undefined {
  const sinks = new Map<string, ColumnSink>();
  for (const name of BAR_BASE_COLUMNS)
    sinks.set(name, { accepts: FORMAT[name], out: out[name], nullValue: Number.NaN });
  return copyColumns(schema, arrays, sinks, at);
}

/** Where one column's values go when copied out of wasm memory (see copyColumns). */
export interface ColumnSink {
  /** Whether the column's format (Arrow C data interface: `g` float64, `l` int64, `c` int8, `tsu:…`) is one it takes. */
  accepts: (format: string) => boolean;
  /** Float64Array: float64 values, or int64 ones (timestamps, ids) as numbers; Int8Array: int8 values. */
  out: Float64Array | Int8Array;
  /** What a null reads as: NaN, as in a table read (0 for a tick's side). */
  nullValue: number;
}

/**
 * Decodes `columns` of a Parquet file straight into their sinks from row `at` on, as
 * decodeParquetInto does for bars; the rows the file holds (those past the sinks' end counted,
 * not written), or undefined when a column is missing or of another layout (the caller then reads
 * the file as a table).
 */
export function decodeColumnsInto(
  bytes: Uint8Array,
  columns: string[],
  sinks: Map<string, ColumnSink>,
  at: number,
): number | undefined {
  const stream = parquetLib().readParquet(bytes, { batchSize: 65536, columns }).intoFFI();
  try {
    return copyColumns(stream.schemaAddr(), stream.arrayAddrs(), sinks, at);
  } finally {
    stream.free();
  }
}

/** Copies the columns each sink names out of a decoded stream; undefined when one is missing or of another layout. */
function copyColumns(
  schema: number,
  arrays: Uint32Array,
  sinks: Map<string, ColumnSink>,
  at: number,
): number | undefined {
  // Read after decoding: a decode may have grown (and so replaced) the memory's buffer.
  const buffer = parquetLib().wasmMemory().buffer;
  const view = new DataView(buffer);
  const u32 = (p: number) => view.getUint32(p, true);
  const i64 = (p: number) => Number(view.getBigInt64(p, true));
  const text = (p: number) => {
    let end = p;
    while (view.getUint8(end) !== 0) end++;
    return Buffer.from(buffer, p, end - p).toString('utf8');
  };
  // Which child holds each column, its format checked; int64 columns are converted to numbers.
  const index = new Map<string, { c: number; sink: ColumnSink; int64: boolean }>();
  const children = u32(schema + SCHEMA_CHILDREN);
  for (let c = 0; c < i64(schema + SCHEMA_CHILDREN_COUNT); c++) {
    const child = u32(children + 4 * c);
    const name = text(u32(child + SCHEMA_NAME));
    const sink = sinks.get(name);
    if (!sink) continue;
    const format = text(u32(child + SCHEMA_FORMAT));
    if (!sink.accepts(format)) return undefined;
    index.set(name, { c, sink, int64: format !== 'g' && !(sink.out instanceof Int8Array) });
  }
  if (index.size !== sinks.size) return undefined;
  const room = Math.min(...[...sinks.values()].map((s) => s.out.length));
  let row = at;
  for (const array of arrays) {
    const length = i64(array + ARRAY_LENGTH);
    // Rows past the sinks' end are counted, not copied: the caller words a count off its manifest's.
    if (row + length > room) {
      row += length;
      continue;
    }
    const kids = u32(array + ARRAY_CHILDREN);
    for (const { c, sink, int64 } of index.values()) {
      const out = sink.out;
      const child = u32(kids + 4 * c);
      if (i64(child + ARRAY_LENGTH) !== length || i64(child + ARRAY_OFFSET) !== 0) return undefined;
      const buffers = u32(child + ARRAY_BUFFERS);
      const values = u32(buffers + 4);
      if (out instanceof Int8Array) out.set(new Int8Array(buffer, values, length), row);
      else if (values % 8 !== 0) return undefined;
      else if (int64) int64ToNumbers(new BigInt64Array(buffer, values, length), out, row, length, 1);
      else out.set(new Float64Array(buffer, values, length), row);
      // A count of -1 (not computed) may hide nulls too.
      if (i64(child + ARRAY_NULL_COUNT) !== 0) {
        const bits = u32(buffers);
        if (bits === 0) return undefined;
        const valid = new Uint8Array(buffer, bits, (length + 7) >> 3);
        for (let i = 0; i < length; i++)
          if (!((valid[i >> 3]! >> (i & 7)) & 1)) out[row + i] = sink.nullValue;
      }
    }
    row += length;
  }
  return row - at;
}
