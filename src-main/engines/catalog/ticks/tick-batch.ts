import type { TickKind } from '../../../../src-shared/domain/ticks';

/**
 * Ticks as columns, ts in µs UTC (exact in a double until the year 2255). Typed arrays so a batch
 * moves between threads without copying. Optional columns are present for the whole batch or absent;
 * NaN in a size or id means "not known" (stored as null). side: 1 buy, -1 sell, 0 not known.
 */
export interface QuoteTicks {
  kind: 'quotes';
  length: number;
  ts: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  bidSize?: Float64Array;
  askSize?: Float64Array;
}

export interface TradeTicks {
  kind: 'trades';
  length: number;
  ts: Float64Array;
  price: Float64Array;
  size: Float64Array;
  side?: Int8Array;
  id?: Float64Array;
}

export type TickBatch = QuoteTicks | TradeTicks;

export type Column = Float64Array | Int8Array;

/** The batch's columns by name (the optional ones when present), in on-disk order. */
export function tickColumns(b: TickBatch): [string, Column][] {
  const cols: [string, Column | undefined][] =
    b.kind === 'quotes'
      ? [
          ['ts', b.ts],
          ['bid', b.bid],
          ['ask', b.ask],
          ['bid_size', b.bidSize],
          ['ask_size', b.askSize],
        ]
      : [
          ['ts', b.ts],
          ['price', b.price],
          ['size', b.size],
          ['side', b.side],
          ['id', b.id],
        ];
  return cols.filter((c): c is [string, Column] => c[1] !== undefined);
}

/** Builds a batch of `kind` from named columns (as tickColumns names them). */
export function tickBatchOf(kind: TickKind, length: number, cols: Map<string, Column>): TickBatch {
  const f = (name: string) => cols.get(name) as Float64Array | undefined;
  const need = (name: string) => f(name) ?? new Float64Array(length).fill(Number.NaN);
  if (kind === 'quotes') {
    const q: QuoteTicks = { kind, length, ts: need('ts'), bid: need('bid'), ask: need('ask') };
    if (f('bid_size')) q.bidSize = f('bid_size');
    if (f('ask_size')) q.askSize = f('ask_size');
    return q;
  }
  const t: TradeTicks = { kind, length, ts: need('ts'), price: need('price'), size: need('size') };
  const side = cols.get('side');
  if (side) t.side = side as Int8Array;
  if (f('id')) t.id = f('id');
  return t;
}

/** An empty batch with room for `n` ticks and the optional columns named. */
export function allocTicks(kind: TickKind, n: number, optional: readonly string[] = []): TickBatch {
  const cols = new Map<string, Column>();
  for (const name of kind === 'quotes' ? ['ts', 'bid', 'ask'] : ['ts', 'price', 'size'])
    cols.set(name, new Float64Array(n));
  for (const name of optional) cols.set(name, name === 'side' ? new Int8Array(n) : new Float64Array(n));
  return tickBatchOf(kind, n, cols);
}

/** Rows [start, end) as views (no copy). */
export function sliceTicks(b: TickBatch, start: number, end: number): TickBatch {
  const cols = new Map(tickColumns(b).map(([n, c]) => [n, c.subarray(start, end)] as [string, Column]));
  return tickBatchOf(b.kind, end - start, cols);
}

/** Rows picked by index, in the order given (a copy). */
export function pickTicks(b: TickBatch, rows: ArrayLike<number>, n = rows.length): TickBatch {
  const cols = new Map<string, Column>();
  for (const [name, c] of tickColumns(b)) {
    const out = c instanceof Int8Array ? new Int8Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[rows[i]!]!;
    cols.set(name, out);
  }
  return tickBatchOf(b.kind, n, cols);
}

/** Batches of one kind end to end; an optional column some lack is filled with "not known". */
export function concatTicks(kind: TickKind, parts: readonly TickBatch[]): TickBatch {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const names = new Set(parts.flatMap((p) => tickColumns(p).map(([name]) => name)));
  const cols = new Map<string, Column>();
  for (const name of names) {
    const out = name === 'side' ? new Int8Array(n) : new Float64Array(n).fill(Number.NaN);
    let at = 0;
    for (const p of parts) {
      const c = tickColumns(p).find(([k]) => k === name)?.[1];
      if (c) out.set(c, at);
      at += p.length;
    }
    cols.set(name, out);
  }
  return tickBatchOf(kind, n, cols);
}

/** Same rows, same values (NaN equal to NaN): a write that would change nothing. */
export function sameTicks(a: TickBatch, b: TickBatch): boolean {
  if (a.kind !== b.kind || a.length !== b.length) return false;
  const ca = tickColumns(a);
  const cb = new Map(tickColumns(b));
  if (ca.length !== cb.size) return false;
  for (const [name, x] of ca) {
    const y = cb.get(name);
    if (!y) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(x[i], y[i])) return false;
  }
  return true;
}
