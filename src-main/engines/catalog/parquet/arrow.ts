import type { Data, Field, Table } from 'apache-arrow';
import {
  BAR_OHLCV_COLUMNS,
  BAR_OPTIONAL_COLUMNS,
  type Bar,
  type BarColumn,
} from '../../../../src-shared/domain/bar';
import { allocBatch, batchOf } from '../batch';
import type { BarBatch } from '../types';
import { arrowLib } from './libs';

const TWO_32 = 4_294_967_296;

/** int64 little-endian values as numbers (exact below 2^53), without BigInt. */
export function int64ToNumbers(
  values: BigInt64Array,
  out: Float64Array,
  at: number,
  n: number,
  scale: number,
): void {
  const lo = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const hi = new Int32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[at + i] = (hi[2 * i + 1]! * TWO_32 + lo[2 * i]!) * scale;
}

/** Integral numbers (below 2^53) as int64 values, without BigInt. */
export function numbersToInt64(ts: Float64Array): BigInt64Array {
  const values = new BigInt64Array(ts.length);
  // Two 32-bit words per value instead of BigInt(): several times faster for a million rows.
  const words = new Uint32Array(values.buffer);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const hi = Math.floor(t / TWO_32);
    words[2 * i] = t - hi * TWO_32;
    words[2 * i + 1] = hi >>> 0;
  }
  return values;
}

function tsData(ts: Float64Array): Data {
  const { makeData, TimestampMillisecond } = arrowLib();
  return makeData({ type: new TimestampMillisecond('UTC'), length: ts.length, data: numbersToInt64(ts) });
}

// NaN in trades/vwap means "not known": stored as null so DuckDB and pandas see a missing value.
export function nullableFloatData(values: Float64Array): Data {
  const { makeData, Float64 } = arrowLib();
  let nulls = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  if (nulls === 0) return makeData({ type: new Float64(), length: values.length, data: values });
  return makeData({
    type: new Float64(),
    length: values.length,
    data: values,
    nullBitmap: bitmap,
    nullCount: nulls,
  });
}

/** Arrow table with the catalog's on-disk schema; `columns` limits it (ts always first when present). */
export function batchToArrow(batch: BarBatch, columns?: readonly string[]): Table {
  const { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMillisecond } = arrowLib();
  const fields: Field[] = [];
  const children: Data[] = [];
  // Arrow's IPC writer breaks (wasm "failed to fill whole buffer") when two columns share one
  // ArrayBuffer, e.g. open = high = low = close: give such columns their own copy.
  const seen = new Set<ArrayBufferLike>();
  const own = (values: Float64Array) => {
    if (!seen.has(values.buffer)) {
      seen.add(values.buffer);
      return values;
    }
    return values.slice();
  };
  const want = (c: BarColumn) => !columns || columns.includes(c);
  if (want('ts')) {
    fields.push(new Field('ts', new TimestampMillisecond('UTC'), false));
    children.push(tsData(batch.ts));
  }
  for (const c of BAR_OHLCV_COLUMNS) {
    if (!want(c)) continue;
    fields.push(new Field(c, new Float64(), false));
    children.push(makeData({ type: new Float64(), length: batch.length, data: own(batch[c]) }));
  }
  for (const c of BAR_OPTIONAL_COLUMNS) {
    const values = batch[c];
    if (!values || !want(c)) continue;
    fields.push(new Field(c, new Float64(), true));
    children.push(nullableFloatData(own(values)));
  }
  const schema = new Schema(fields);
  const data = makeData({
    type: new Struct(fields),
    length: batch.length,
    nullCount: 0,
    children,
  });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** Copies one column of an Arrow table into a Float64Array (NaN for nulls); ts becomes ms numbers. */
export function columnToFloat64(table: Table, name: string): Float64Array | undefined {
  const col = table.getChild(name);
  if (!col) return undefined;
  const out = new Float64Array(table.numRows);
  let offset = 0;
  for (const data of col.data) {
    const values = data.values as Float64Array | BigInt64Array | Int32Array;
    const unit = (data.type as { unit?: number }).unit;
    const scale = unit === undefined || unit === MILLISECOND ? 1 : unitScale(unit);
    // Arrow JS slices value buffers on Data.slice; data.offset only applies to the validity bitmap.
    if (values instanceof BigInt64Array) {
      int64ToNumbers(values, out, offset, data.length, scale);
    } else if (scale === 1 && values instanceof Float64Array) {
      out.set(values.subarray(0, data.length), offset);
    } else {
      for (let i = 0; i < data.length; i++) out[offset + i] = values[i]! * scale;
    }
    if (data.nullCount > 0) {
      for (let i = 0; i < data.length; i++) if (!data.getValid(i)) out[offset + i] = Number.NaN;
    }
    offset += data.length;
  }
  return out;
}

// Arrow's TimeUnit values, inlined so reading a table needs no apache-arrow module at hand.
const SECOND = 0;
const MILLISECOND = 1;
const MICROSECOND = 2;
const NANOSECOND = 3;

function unitScale(unit: number): number {
  if (unit === SECOND) return 1000;
  if (unit === MICROSECOND) return 1e-3;
  if (unit === NANOSECOND) return 1e-6;
  return 1;
}

/** Columns of an Arrow bar table (as written by the catalog or returned by query) as a BarBatch. */
export function arrowToBatch(table: Table): BarBatch {
  const get = (name: string) =>
    columnToFloat64(table, name) ?? new Float64Array(table.numRows).fill(Number.NaN);
  const batch = batchOf(table.numRows, get);
  const trades = columnToFloat64(table, 'trades');
  const vwap = columnToFloat64(table, 'vwap');
  if (trades) batch.trades = trades;
  if (vwap) batch.vwap = vwap;
  return batch;
}

/** Bars (objects) to a columnar batch; trades/vwap kept when any bar has them (NaN where missing). */
export function batchFromBars(bars: readonly Bar[]): BarBatch {
  const n = bars.length;
  const batch = allocBatch(
    n,
    BAR_OPTIONAL_COLUMNS.filter((c) => bars.some((b) => b[c] !== undefined)),
  );
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    batch.ts[i] = b.ts;
    batch.open[i] = b.open;
    batch.high[i] = b.high;
    batch.low[i] = b.low;
    batch.close[i] = b.close;
    batch.volume[i] = b.volume;
    if (batch.trades) batch.trades[i] = b.trades ?? Number.NaN;
    if (batch.vwap) batch.vwap[i] = b.vwap ?? Number.NaN;
  }
  return batch;
}

export function batchToBars(batch: BarBatch): Bar[] {
  const out: Bar[] = new Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const bar: Bar = {
      ts: batch.ts[i]!,
      open: batch.open[i]!,
      high: batch.high[i]!,
      low: batch.low[i]!,
      close: batch.close[i]!,
      volume: batch.volume[i]!,
    };
    const trades = batch.trades?.[i];
    const vwap = batch.vwap?.[i];
    if (trades !== undefined && !Number.isNaN(trades)) bar.trades = trades;
    if (vwap !== undefined && !Number.isNaN(vwap)) bar.vwap = vwap;
    out[i] = bar;
  }
  return out;
}

/** Bars of an Arrow table returned by `Catalog.query` (missing trades/vwap left out). */
export function tableToBars(table: Table): Bar[] {
  return batchToBars(arrowToBatch(table));
}
