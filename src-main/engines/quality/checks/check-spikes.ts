import type { BarBatch } from '../../catalog/index';
import type { CheckContext, Finding } from '../types';
import { finding } from './findings';
import { sampleStats, sampleStep, statsScratch, windows } from './robust';
import { opensSession, type SessionMap } from './sessions';

const FIELDS = ['high', 'low', 'close'] as const;

/**
 * Spikes: a bar whose high, low or close departs from the same field of the bar before by more than
 * K robust deviations of that field's bar-to-bar log move (median and MAD of a sample of its window)
 * and by at least spikeMinMove, and whose field comes back within spikeRevertBars bars to within half
 * the move. Comparing like with like keeps ordinary wicks (a high far above the previous close, as
 * the next bars' highs are too) out. A bar opening an intraday session is left to the
 * corporate-action check. Bounds become price ratios once per window: bars need no logarithm each.
 */
export function checkSpikes(b: BarBatch, ctx: CheckContext, sm: SessionMap, out: Finding[]): void {
  const { spikeK, spikeWindow, spikeRevertBars, spikeMinMove } = ctx.settings;
  const n = b.length;
  const cols = FIELDS.map((f) => b[f]);
  // Bars with a comparable bar before them: inside a session, and not the first of an intraday one.
  const comparable = new Uint8Array(n);
  for (let i = 1; i < n; i++) comparable[i] = sm.inSession[i] === 1 && !opensSession(sm, i) ? 1 : 0;
  const scratch = statsScratch();
  // Spikes are rare: the strongest field of each spiking bar, by bar index.
  const spikes = new Map<number, { z: number; f: number; back: number }>();
  for (const [from, to] of windows(b.ts, ctx.segments, spikeWindow)) {
    const step = sampleStep(from, to);
    // Bar 0 has no bar before it; starting at 1 also keeps every read in bounds (fast typed-array loads).
    const first = Math.max(from, 1);
    for (let f = 0; f < cols.length; f++) {
      const col = cols[f]!;
      let m = 0;
      for (let i = first; i < to && m < scratch.length; i += step) {
        const move = comparable[i] === 1 ? Math.log(col[i]! / col[i - 1]!) : Number.NaN;
        if (Number.isFinite(move)) scratch[m++] = move;
      }
      const { median, sigma } = sampleStats(scratch, m);
      if (!(sigma > 0)) continue;
      const up = Math.exp(Math.max(median + spikeK * sigma, spikeMinMove));
      const down = Math.exp(Math.min(median - spikeK * sigma, -spikeMinMove));
      for (let i = first; i < to; i++) {
        const ratio = col[i]! / col[i - 1]!;
        if (!(ratio > up || ratio < down) || comparable[i] === 0) continue;
        const move = Math.log(ratio);
        const z = Math.abs(move - median) / sigma;
        if (!(z > (spikes.get(i)?.z ?? 0))) continue;
        const back = revertIndex(col, i, move, spikeRevertBars);
        if (back >= 0) spikes.set(i, { z, f, back });
      }
    }
  }
  for (const [i, { z, f, back }] of spikes) {
    const col = cols[f]!;
    const values = { value: col[i]!, previous: col[i - 1]!, revertedTo: col[back]!, revertedBars: back - i };
    out.push(finding('spike', b.ts, i, i, ctx.timeframe, values, { field: FIELDS[f]!, score: z }));
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
