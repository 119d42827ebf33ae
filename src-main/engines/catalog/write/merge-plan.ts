import {
  BAR_OHLCV_COLUMNS,
  BAR_OPTIONAL_COLUMNS,
  type BarOptionalColumn,
  type ConflictMode,
} from '../../../../src-shared/domain/bar';
import { allocBatch, lowerBound } from '../batch';
import type { BarBatch } from '../types';

export interface MergeCounts {
  added: number;
  replaced: number;
  removed: number;
  skipped: number;
}

export interface MergeResult extends MergeCounts {
  bars: BarBatch;
  /** False when the partition's content is unchanged, so it need not be rewritten. */
  changed: boolean;
}

/**
 * Combines one partition's existing bars with the incoming bars that fall in it. Both sorted and
 * unique. `span` is [first, last] ts of the WHOLE incoming batch (inclusive), used by overwrite:
 *   skip:      existing bars win; only timestamps not yet present are added.
 *   overwrite: existing bars with ts in span are dropped; the incoming ones take their place.
 *   merge:     union; on equal ts the incoming bar wins.
 */
export function mergePartition(
  existing: BarBatch,
  incoming: BarBatch,
  mode: ConflictMode,
  span: { first: number; last: number },
): MergeResult {
  const counts: MergeCounts = { added: 0, replaced: 0, removed: 0, skipped: 0 };
  // A new partition takes the incoming bars as they are (the common bulk-import case: no copy).
  if (existing.length === 0)
    return { ...counts, added: incoming.length, bars: incoming, changed: incoming.length > 0 };
  // Each output row: source 0 = existing, 1 = incoming, and its row index there.
  const src: number[] = [];
  const idx: number[] = [];
  let valuesChanged = false;
  let i = 0;
  let j = 0;
  const inSpan = (t: number) => mode === 'overwrite' && t >= span.first && t <= span.last;
  while (i < existing.length || j < incoming.length) {
    const te = i < existing.length ? existing.ts[i]! : Number.POSITIVE_INFINITY;
    const ti = j < incoming.length ? incoming.ts[j]! : Number.POSITIVE_INFINITY;
    if (te < ti) {
      if (inSpan(te)) counts.removed++;
      else {
        src.push(0);
        idx.push(i);
      }
      i++;
    } else if (ti < te) {
      counts.added++;
      src.push(1);
      idx.push(j);
      j++;
    } else {
      if (mode === 'skip') {
        counts.skipped++;
        src.push(0);
        idx.push(i);
      } else {
        counts.replaced++;
        if (!sameRow(existing, i, incoming, j)) valuesChanged = true;
        src.push(1);
        idx.push(j);
      }
      i++;
      j++;
    }
  }
  const changed =
    counts.added > 0 || counts.removed > 0 || valuesChanged || gainsColumns(existing, incoming, mode);
  return { ...counts, bars: changed ? build(existing, incoming, src, idx) : existing, changed };
}

function sameRow(a: BarBatch, i: number, b: BarBatch, j: number): boolean {
  for (const c of BAR_OHLCV_COLUMNS) if (!Object.is(a[c][i], b[c][j])) return false;
  for (const c of BAR_OPTIONAL_COLUMNS) {
    const x = a[c]?.[i] ?? Number.NaN;
    const y = b[c]?.[j] ?? Number.NaN;
    if (!Object.is(x, y)) return false;
  }
  return true;
}

// An incoming batch with trades/vwap adds those columns to a partition that lacked them.
function gainsColumns(existing: BarBatch, incoming: BarBatch, mode: ConflictMode): boolean {
  if (mode === 'skip' || existing.length === 0) return false;
  return BAR_OPTIONAL_COLUMNS.some((c) => incoming[c] && !existing[c]);
}

function build(existing: BarBatch, incoming: BarBatch, src: number[], idx: number[]): BarBatch {
  const extra: BarOptionalColumn[] = BAR_OPTIONAL_COLUMNS.filter((c) => existing[c] || incoming[c]);
  const out = allocBatch(src.length, extra);
  const sources = [existing, incoming];
  for (let k = 0; k < src.length; k++) {
    const s = sources[src[k]!]!;
    const r = idx[k]!;
    out.ts[k] = s.ts[r]!;
    for (const c of BAR_OHLCV_COLUMNS) out[c][k] = s[c][r]!;
    for (const c of extra) out[c]![k] = s[c]?.[r] ?? Number.NaN;
  }
  // Drop an extra column that ended up all-NaN (e.g. every trades value was overwritten away).
  for (const c of extra) if (out[c]!.every((v) => Number.isNaN(v))) delete out[c];
  return out;
}

/** Index ranges [start, end) of a sorted batch per partition key, in order. */
export function splitByPartition(
  ts: Float64Array,
  keyOf: (ts: number) => string,
  boundsOf: (key: string) => { from: number; to: number },
): { key: string; start: number; end: number }[] {
  const out: { key: string; start: number; end: number }[] = [];
  let start = 0;
  while (start < ts.length) {
    const key = keyOf(ts[start]!);
    const end = lowerBound(ts, boundsOf(key).to, start);
    out.push({ key, start, end });
    start = end;
  }
  return out;
}
