import {
  BAR_BASE_COLUMNS,
  BAR_COLUMNS,
  BAR_OPTIONAL_COLUMNS,
  type BarBaseColumn,
  type BarOptionalColumn,
  type BarValues,
  barProblem,
  type TsLimits,
  tsText,
} from '../../../src-shared/domain/bar';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import { tsLimitsFromEnv } from './bar-limits';
import type { BarBatch } from './types';

export function emptyBatch(extra: readonly BarOptionalColumn[] = []): BarBatch {
  return allocBatch(0, extra);
}

export function allocBatch(n: number, extra: readonly BarOptionalColumn[] = []): BarBatch {
  const b = batchOf(n, () => new Float64Array(n));
  for (const c of extra) b[c] = new Float64Array(n);
  return b;
}

/**
 * A batch of `length` rows whose ts and value columns `column` gives; the caller adds trades and vwap.
 * `column` is called once per column in BAR_BASE_COLUMNS order, so a reader of stored columns may pass one.
 */
export function batchOf(length: number, column: (name: BarBaseColumn) => Float64Array): BarBatch {
  return {
    length,
    ts: column('ts'),
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
  };
}

/** The buffers under a batch's columns, each once: what moves (not copies) it to another thread. */
export function batchBuffers(b: BarBatch): ArrayBuffer[] {
  const cols = BAR_COLUMNS.map((c) => b[c]);
  return [...new Set(cols.filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer))];
}

export function extraColumnsOf(b: BarBatch): BarOptionalColumn[] {
  return BAR_OPTIONAL_COLUMNS.filter((c) => b[c] !== undefined);
}

/** Rows [start, end) as views (no copy). */
export function sliceBatch(b: BarBatch, start: number, end: number): BarBatch {
  const out = batchOf(end - start, (c) => b[c].subarray(start, end));
  for (const c of BAR_OPTIONAL_COLUMNS) {
    const col = b[c];
    if (col) out[c] = col.subarray(start, end);
  }
  return out;
}

/**
 * Throws BAD_INPUT when columns disagree in length or a bar breaks a bar rule (domain/bar.ts); the
 * message names the row, its time, the column and the rule, `details` holds them as fields.
 */
export function validateBatch(b: BarBatch, timeframe: Timeframe, limits: TsLimits = tsLimitsFromEnv()): void {
  for (const c of BAR_COLUMNS) {
    const col = b[c];
    if (col && col.length !== b.length)
      throw new BarcatError(
        'BAD_INPUT',
        `bar batch column ${c} has ${col.length} values, expected ${b.length}`,
      );
  }
  const { trades, vwap } = b;
  const bar: BarValues = {
    ts: 0,
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    volume: 0,
    trades: Number.NaN,
    vwap: Number.NaN,
  };
  for (let i = 0; i < b.length; i++) {
    bar.ts = b.ts[i]!;
    bar.open = b.open[i]!;
    bar.high = b.high[i]!;
    bar.low = b.low[i]!;
    bar.close = b.close[i]!;
    bar.volume = b.volume[i]!;
    if (trades) bar.trades = trades[i]!;
    if (vwap) bar.vwap = vwap[i]!;
    const problem = barProblem(bar, timeframe, limits);
    if (!problem) continue;
    const when = Number.isSafeInteger(bar.ts) ? tsText(bar.ts) : String(bar.ts);
    throw new BarcatError(
      'BAD_INPUT',
      `bar ${i} (ts ${when}), column ${problem.column}: ${problem.what} (rule ${problem.rule}); nothing was written, fix or leave out that bar`,
      { row: i, ts: bar.ts, column: problem.column, rule: problem.rule },
    );
  }
}

/** First index with ts >= t in a sorted ts array. */
export function lowerBound(ts: Float64Array, t: number, lo = 0, hi = ts.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorted by ts with unique timestamps; on a duplicate ts inside one batch the later row wins
 * (the last word of the source). Returns the input itself when it already qualifies.
 */
export function sortedUnique(b: BarBatch): BarBatch {
  let ok = true;
  for (let i = 1; i < b.length; i++) {
    if (!(b.ts[i]! > b.ts[i - 1]!)) {
      ok = false;
      break;
    }
  }
  if (ok) return b;
  const order = Array.from({ length: b.length }, (_, i) => i);
  // Stable sort, so among equal ts the original order is kept and the last one is taken below.
  order.sort((x, y) => b.ts[x]! - b.ts[y]!);
  const keep: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const next = order[k + 1];
    if (next !== undefined && b.ts[next] === b.ts[i]) continue;
    keep.push(i);
  }
  return gather(b, keep);
}

export function gather(b: BarBatch, rows: readonly number[]): BarBatch {
  const out = allocBatch(rows.length, extraColumnsOf(b));
  for (const c of BAR_COLUMNS) {
    const src = b[c];
    const dst = out[c];
    if (!src || !dst) continue;
    for (let k = 0; k < rows.length; k++) dst[k] = src[rows[k]!]!;
  }
  return out;
}

/** Concatenates batches; an extra column missing in some batch is NaN there. */
export function concatBatches(parts: readonly BarBatch[]): BarBatch {
  const extra = BAR_OPTIONAL_COLUMNS.filter((c) => parts.some((p) => p[c]));
  const n = parts.reduce((s, p) => s + p.length, 0);
  if (parts.length === 1 && extraColumnsOf(parts[0]!).length === extra.length) return parts[0]!;
  const out = allocBatch(n, extra);
  let at = 0;
  for (const p of parts) {
    for (const c of BAR_BASE_COLUMNS) out[c].set(p[c], at);
    for (const c of extra) {
      const src = p[c];
      if (src) out[c]!.set(src, at);
      else out[c]!.fill(Number.NaN, at, at + p.length);
    }
    at += p.length;
  }
  return out;
}
