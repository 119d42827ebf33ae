import type { Equal, Same } from '../../../../src-shared/type-equal';

/** The per-row columns every parsed row has; the loops over them run per chunk or partition, never per row. */
export const ROW_COLUMNS = ['civil', 'offsetMin', 'open', 'high', 'low', 'close', 'volume', 'line'] as const;
type RowColumn = (typeof ROW_COLUMNS)[number];
/** The per-row columns only some files give (undefined when the file has none). */
export const OPTIONAL_ROW_COLUMNS = ['trades', 'vwap'] as const;
type OptionalRowColumn = (typeof OPTIONAL_ROW_COLUMNS)[number];

/** Growable typed columns for parsed rows; `take` trims them to the rows actually held. */
export class RowColumns {
  length = 0;
  civil: Float64Array;
  /** Written UTC offset in minutes, NaN when naive (Float32 holds both exactly, at half the size). */
  offsetMin: Float32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  trades: Float64Array | undefined;
  vwap: Float64Array | undefined;
  line: Int32Array;
  dateOnly = true;

  constructor(
    capacity: number,
    readonly withTrades: boolean,
    readonly withVwap = false,
  ) {
    const n = Math.max(16, capacity);
    this.civil = new Float64Array(n);
    this.offsetMin = new Float32Array(n);
    this.open = new Float64Array(n);
    this.high = new Float64Array(n);
    this.low = new Float64Array(n);
    this.close = new Float64Array(n);
    this.volume = new Float64Array(n);
    this.trades = withTrades ? new Float64Array(n) : undefined;
    this.vwap = withVwap ? new Float64Array(n) : undefined;
    this.line = new Int32Array(n);
  }

  /** Index for the next row, growing every column by half when full. */
  next(): number {
    if (this.length === this.civil.length) this.grow(Math.ceil(this.length * 1.5));
    return this.length++;
  }

  /** Rows [start, end) as columns sharing this buffer's memory (finalizeRows works on them in place). */
  view(start: number, end: number): RowColumns {
    const v: RowColumns = Object.create(RowColumns.prototype);
    Object.assign(v, cutRows(this, 'subarray', start, end), {
      withTrades: this.withTrades,
      withVwap: this.withVwap,
      dateOnly: this.dateOnly,
    });
    return v;
  }

  /** Drops the first `n` rows, moving the rest to the front (the streaming import's flushed rows). */
  dropFront(n: number): void {
    const end = this.length;
    for (const c of ROW_COLUMNS) this[c].copyWithin(0, n, end);
    for (const c of OPTIONAL_ROW_COLUMNS) this[c]?.copyWithin(0, n, end);
    this.length = end - n;
  }

  private grow(n: number): void {
    for (const c of ROW_COLUMNS) grown(this, c, n);
    for (const c of OPTIONAL_ROW_COLUMNS) grown(this, c, n);
  }
}

/** Replaces column `c` (when held) by a copy `n` rows long, of the same array type (K keeps the field's type). */
function grown<K extends RowColumn | OptionalRowColumn>(cols: RowColumns, c: K, n: number): void {
  const a = cols[c];
  if (!a) return;
  const b = new (a.constructor as new (n: number) => NonNullable<RowColumns[K]>)(n);
  b.set(a);
  cols[c] = b;
}

/** RowColumns' public typed-array fields; one added to the class but not to the lists above fails to compile. */
type TypedField = {
  [K in keyof RowColumns]-?: NonNullable<RowColumns[K]> extends ArrayBufferView ? K : never;
}[keyof RowColumns];
export type RowColumnsAreListed = Same<Equal<RowColumn | OptionalRowColumn, TypedField>>;

/** The rows' columns as plain data (a RowColumns sent to another thread arrives without its methods). */
export type ColumnsData = Pick<RowColumns, 'length' | RowColumn | OptionalRowColumn>;

/**
 * Rows [a, b) of every per-row column, as views of the same memory (`subarray`) or as copies
 * (`slice`); trades and vwap only where `c` has them. Written out (an object built by a loop would need a
 * cast): ColumnsData's keys are the lists above, so the compiler checks it names each column once.
 */
export function cutRows(c: ColumnsData, how: 'subarray' | 'slice', a: number, b: number): ColumnsData {
  return {
    length: b - a,
    civil: c.civil[how](a, b),
    offsetMin: c.offsetMin[how](a, b),
    open: c.open[how](a, b),
    high: c.high[how](a, b),
    low: c.low[how](a, b),
    close: c.close[how](a, b),
    volume: c.volume[how](a, b),
    trades: c.trades?.[how](a, b),
    vwap: c.vwap?.[how](a, b),
    line: c.line[how](a, b),
  };
}
