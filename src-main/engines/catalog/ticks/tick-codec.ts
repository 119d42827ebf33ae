import type { Data, Field, Table } from 'apache-arrow';
import type { TickKind } from '../../../../src-shared/domain/ticks';
import { int64ToNumbers, nullableFloatData, numbersToInt64 } from '../parquet/arrow';
import { decodeParquet, writeArrowParquet } from '../parquet/codec';
import { arrowLib } from '../parquet/libs';
import { type TickBatch, tickBatchOf, tickColumns } from './tick-batch';

/** Rows per row group: about one busy FX hour of quotes, so a one-hour read decodes one group. */
export const TICK_ROW_GROUP_SIZE = 65_536;

const REQUIRED = new Set(['ts', 'bid', 'ask', 'price']);

function int8Data(values: Int8Array): Data {
  // 0 (side not known) is stored as null.
  const { makeData, Int8 } = arrowLib();
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({
    type: new Int8(),
    length: values.length,
    data: values,
    nullBitmap: bitmap,
    nullCount: nulls,
  });
}

function int64Data(values: Float64Array): Data {
  const { makeData, Int64 } = arrowLib();
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nulls = 0;
  const clean = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) nulls++;
    else {
      clean[i] = values[i]!;
      bitmap[i >> 3]! |= 1 << (i & 7);
    }
  }
  return makeData({
    type: new Int64(),
    length: values.length,
    data: numbersToInt64(clean),
    nullBitmap: bitmap,
    nullCount: nulls,
  });
}

/** The on-disk schema: ts TIMESTAMP(µs, UTC) int64, prices and sizes double, side int8, id int64. */
export function ticksToArrow(b: TickBatch): Table {
  const { Field, Float64, Int8, Int64, makeData, RecordBatch, Schema, Struct, Table, TimestampMicrosecond } =
    arrowLib();
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const [name, col] of tickColumns(b)) {
    if (name === 'ts') {
      fields.push(new Field('ts', new TimestampMicrosecond('UTC'), false));
      children.push(
        makeData({
          type: new TimestampMicrosecond('UTC'),
          length: b.length,
          data: numbersToInt64(col as Float64Array),
        }),
      );
    } else if (name === 'side') {
      fields.push(new Field(name, new Int8(), true));
      children.push(int8Data(col as Int8Array));
    } else if (name === 'id') {
      fields.push(new Field(name, new Int64(), true));
      children.push(int64Data(col as Float64Array));
    } else {
      fields.push(new Field(name, new Float64(), !REQUIRED.has(name)));
      children.push(nullableFloatData(col as Float64Array));
    }
  }
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: b.length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** Encodes sorted ticks as one Parquet file: zstd, delta-encoded timestamps, key-value metadata. */
export function encodeTicks(b: TickBatch, metadata: Record<string, string>): Uint8Array {
  return writeArrowParquet(ticksToArrow(b), {
    rowGroupSize: TICK_ROW_GROUP_SIZE,
    compression: 'zstd',
    metadata,
  });
}

/** Copies one column of a decoded table: int64 (ts in µs, id) as numbers, nulls as NaN (side: 0). */
function columnOf(table: Table, name: string): Float64Array | Int8Array | undefined {
  const col = table.getChild(name);
  if (!col) return undefined;
  const out = name === 'side' ? new Int8Array(table.numRows) : new Float64Array(table.numRows);
  let at = 0;
  for (const data of col.data) {
    const values = data.values as Float64Array | BigInt64Array | Int8Array;
    if (values instanceof BigInt64Array) int64ToNumbers(values, out as Float64Array, at, data.length, 1);
    else out.set(values.subarray(0, data.length), at);
    if (data.nullCount > 0)
      for (let i = 0; i < data.length; i++)
        if (!data.getValid(i)) out[at + i] = name === 'side' ? 0 : Number.NaN;
    at += data.length;
  }
  return out;
}

/** Decodes a tick partition file's bytes into a batch of `kind`. */
export function decodeTicks(kind: TickKind, bytes: Uint8Array): TickBatch {
  return ticksFromTable(kind, decodeParquet(bytes));
}

/** A decoded tick file (all its columns or some) as a batch of `kind`; a required column not read is NaN. */
export function ticksFromTable(kind: TickKind, table: Table): TickBatch {
  const cols = new Map<string, Float64Array | Int8Array>();
  for (const f of table.schema.fields) {
    const c = columnOf(table, f.name);
    if (c) cols.set(f.name, c);
  }
  return tickBatchOf(kind, table.numRows, cols);
}
