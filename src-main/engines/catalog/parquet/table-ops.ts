import type { Table, Vector } from 'apache-arrow';
import { BAR_COLUMNS, BAR_OPTIONAL_COLUMNS } from '../../../../src-shared/domain/bar';
import { BarcatError } from '../../../plumbing/errors';
import { allocBatch } from '../batch';
import { batchToArrow } from './arrow';
import { arrowLib } from './libs';

/** A zero-row bar table with the catalog schema. */
export function emptyTable(extra: readonly string[] = []): Table {
  return batchToArrow(
    allocBatch(
      0,
      BAR_OPTIONAL_COLUMNS.filter((c) => extra.includes(c)),
    ),
  );
}

function tsAt(table: Table, i: number): number {
  return Number(table.getChild('ts')!.get(i));
}

/** Rows with from <= ts < to of a table sorted by ts (binary search, zero-copy slice). */
export function sliceByTime(table: Table, from: number, to: number): Table {
  const lower = (t: number) => {
    let lo = 0;
    let hi = table.numRows;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tsAt(table, mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return table.slice(lower(from), lower(to));
}

/**
 * Concatenates bar tables (zero-copy when their columns agree). A column some pieces lack (trades,
 * vwap in older files) is added to them as all-null.
 */
export function tablesToTable(pieces: Table[]): Table {
  const names = (t: Table) => t.schema.fields.map((f) => f.name).join(',');
  const present = BAR_COLUMNS.filter((c) => pieces.some((p) => p.getChild(c)));
  const target = present.join(',');
  const aligned = pieces.map((p) => (names(p) === target ? p : withColumns(p, present)));
  if (aligned.length === 1) return aligned[0]!;
  const { RecordBatch, Schema, Table } = arrowLib();
  // Files differ in nullability flags and footer metadata; give every batch one common schema.
  const schema = new Schema(aligned[0]!.schema.fields.map((f) => f.clone({ nullable: f.name !== 'ts' })));
  const batches = aligned.flatMap((t) => t.batches.map((b) => new RecordBatch(schema, b.data)));
  return new Table(schema, batches);
}

function withColumns(table: Table, columns: string[]): Table {
  const { Float64, makeData, makeVector, Table } = arrowLib();
  const n = table.numRows;
  const vectors: Record<string, Vector> = {};
  for (const c of columns)
    vectors[c] =
      table.getChild(c) ??
      makeVector(
        makeData({ type: new Float64(), length: n, nullCount: n, nullBitmap: new Uint8Array((n + 7) >> 3) }),
      );
  return new Table(vectors);
}

export function selectColumns(table: Table, columns: readonly string[]): Table {
  const known = table.schema.fields.map((f) => f.name);
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length > 0)
    throw new BarcatError(
      'BAD_INPUT',
      `unknown column ${unknown.join(', ')}; this series has ${known.join(', ')}`,
    );
  return table.select(columns as string[]);
}
