import { nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import type { CheckCode, Finding } from '../types';

/** A finding over bars [first, last] of a batch; NaN values become null (JSON has no NaN). */
export function finding(
  check: CheckCode,
  ts: Float64Array,
  first: number,
  last: number,
  timeframe: Timeframe,
  values: Record<string, number>,
  extra: { field?: string; score?: number } = {},
): Finding {
  const clean: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(values)) clean[k] = Number.isFinite(v) ? v : null;
  const from = ts[first]!;
  const lastTs = ts[last]!;
  const f: Finding = {
    check,
    from,
    to: Number.isFinite(lastTs) ? nextBarStart(lastTs, timeframe) : lastTs,
    bars: last - first + 1,
    values: clean,
  };
  if (extra.field !== undefined) f.field = extra.field;
  if (extra.score !== undefined) f.score = Math.round(extra.score * 100) / 100;
  return f;
}

/**
 * Reports a run of bars [start, end) that qualifies as a whole (its full length), cut into one piece
 * per segment it crosses: a partition's findings then never reach into its neighbours.
 */
export function runPieces(
  cuts: readonly number[],
  start: number,
  end: number,
  emit: (a: number, b: number) => void,
) {
  let a = start;
  for (const c of cuts) {
    if (c <= a) continue;
    if (c >= end) break;
    emit(a, c);
    a = c;
  }
  emit(a, end);
}
