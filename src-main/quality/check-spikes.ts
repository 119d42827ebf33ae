import type { BarBatch } from '../catalog/types';
import { finding } from './findings';
import { robustStats, windows } from './robust';
import { opensSession, type SessionMap } from './sessions';
import type { CheckContext, Finding } from './types';

const FIELDS = ['high', 'low', 'close'] as const;

/**
 * Spikes: a bar whose high, low or close departs from the same field of the bar before by more than
 * K robust deviations of that field's bar-to-bar log move (median and MAD over its window) and by at
 * least spikeMinMove, and whose field comes back within spikeRevertBars bars to within half the move.
 * Comparing like with like keeps ordinary wicks (a high far above the previous close, as the next
 * bars' highs are too) out. A bar opening an intraday session is left to the corporate-action check.
 */
export function checkSpikes(b: BarBatch, ctx: CheckContext, sm: SessionMap, out: Finding[]): void {
  const { spikeK, spikeWindow, spikeRevertBars, spikeMinMove } = ctx.settings;
  const n = b.length;
  const logMove = FIELDS.map(() => new Float64Array(n).fill(Number.NaN));
  for (let i = 1; i < n; i++) {
    if (opensSession(sm, i) || sm.inSession[i] === 0) continue;
    for (let f = 0; f < FIELDS.length; f++) {
      const col = b[FIELDS[f]!];
      const v = col[i]!;
      const prev = col[i - 1]!;
      if (v > 0 && prev > 0) logMove[f]![i] = Math.log(v / prev);
    }
  }
  const scratch = new Float64Array(2 * spikeWindow);
  const best = new Float64Array(n);
  const bestField = new Int8Array(n).fill(-1);
  const backAt = new Int32Array(n);
  for (const [from, to] of windows(b.ts, ctx.segments, spikeWindow)) {
    for (let f = 0; f < FIELDS.length; f++) {
      const x = logMove[f]!;
      const { median, sigma } = robustStats(x, from, to, scratch);
      if (!(sigma > 0)) continue;
      for (let i = from; i < to; i++) {
        const move = x[i]!;
        const z = Math.abs(move - median) / sigma;
        if (!(z > spikeK) || Math.abs(move) < spikeMinMove || z <= best[i]!) continue;
        const back = revertIndex(b[FIELDS[f]!], i, move, spikeRevertBars);
        if (back < 0) continue;
        best[i] = z;
        bestField[i] = f;
        backAt[i] = back;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const f = bestField[i]!;
    if (f < 0) continue;
    const field = FIELDS[f]!;
    const back = backAt[i]!;
    out.push(
      finding(
        'spike',
        b.ts,
        i,
        i,
        ctx.timeframe,
        {
          value: b[field][i]!,
          previous: b[field][i - 1]!,
          revertedTo: b[field][back]!,
          revertedBars: back - i,
        },
        { field, score: best[i]! },
      ),
    );
  }
}

/** First bar in [i + 1, i + within] whose value is back within half the move of bar i - 1's; -1 if none. */
function revertIndex(col: Float64Array, i: number, move: number, within: number): number {
  const prev = col[i - 1]!;
  const end = Math.min(col.length - 1, i + within);
  for (let j = i + 1; j <= end; j++) {
    const c = col[j]!;
    if (c > 0 && Math.abs(Math.log(c / prev)) <= Math.abs(move) / 2) return j;
  }
  return -1;
}
