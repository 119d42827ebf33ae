import type { BarBatch } from '../../catalog/index';
import type { CheckContext, Finding } from '../types';
import { finding } from './findings';
import { sampleStats, sampleStep, statsScratch, windows } from './robust';
import { opensSession, type SessionMap } from './sessions';

const FIELDS = ['high', 'low', 'close'] as const;

interface Spike {
  z: number;
  f: number;
  back: number;
}

/**
 * Spikes: a bar whose high, low or close departs from the same field of the bar before by more than
 * K robust deviations of that field's bar-to-bar log move (median and MAD of a sample of its window)
 * and by at least spikeMinMove, and whose field comes back within spikeRevertBars bars to within half
 * the move. Comparing like with like keeps ordinary wicks (a high far above the previous close, as
 * the next bars' highs are too) out. A bar opening an intraday session is left to the
 * corporate-action check.
 *
 * One pass per window over the three fields finds the candidates: moves beyond spikeMinMove, a bound
 * every spike exceeds whatever the window's statistics. Only a field with candidates pays for its
 * median and MAD, so clean windows (nearly all) cost a multiplication per field and bar, no logarithm.
 */
export function checkSpikes(b: BarBatch, ctx: CheckContext, sm: SessionMap, out: Finding[]): void {
  const { spikeWindow, spikeMinMove } = ctx.settings;
  const { high, low, close } = b;
  const up = Math.exp(spikeMinMove);
  const down = Math.exp(-spikeMinMove);
  const scratch = statsScratch();
  // Spikes are rare: the strongest field of each spiking bar, by bar index.
  const spikes = new Map<number, Spike>();
  const candidates: number[][] = [[], [], []];
  for (const [from, to] of windows(b.ts, ctx.segments, spikeWindow)) {
    // Bar 0 has no bar before it; starting at 1 also keeps every read in bounds (fast typed-array loads).
    for (let i = Math.max(from, 1); i < to; i++) {
      // A previous value that is not positive (an impossible bar) is left to the exact test below.
      const h = high[i - 1]!;
      const l = low[i - 1]!;
      const c = close[i - 1]!;
      const hi = high[i]!;
      const li = low[i]!;
      const ci = close[i]!;
      const odd = !(h > 0 && l > 0 && c > 0);
      if (odd || hi > up * h || hi < down * h) candidates[0]!.push(i);
      if (odd || li > up * l || li < down * l) candidates[1]!.push(i);
      if (odd || ci > up * c || ci < down * c) candidates[2]!.push(i);
    }
    for (let f = 0; f < FIELDS.length; f++) {
      const list = candidates[f]!;
      if (list.length === 0) continue;
      spikesOfField(b, ctx, sm, f, [from, to], list, scratch, spikes);
      list.length = 0;
    }
  }
  const cols = FIELDS.map((f) => b[f]);
  for (const [i, { z, f, back }] of [...spikes].sort((x, y) => x[0] - y[0])) {
    const col = cols[f]!;
    const values = { value: col[i]!, previous: col[i - 1]!, revertedTo: col[back]!, revertedBars: back - i };
    out.push(finding('spike', b.ts, i, i, ctx.timeframe, values, { field: FIELDS[f]!, score: z }));
  }
}

/** Bars with a comparable bar before them: inside a session, and not the first of an intraday one. */
function comparable(sm: SessionMap, i: number): boolean {
  return sm.inSession[i] === 1 && !opensSession(sm, i);
}

/** The exact test of one field's candidates in one window, against the window's robust statistics. */
function spikesOfField(
  b: BarBatch,
  ctx: CheckContext,
  sm: SessionMap,
  f: number,
  [from, to]: [number, number],
  list: readonly number[],
  scratch: Float64Array,
  spikes: Map<number, Spike>,
): void {
  const { spikeK, spikeRevertBars, spikeMinMove } = ctx.settings;
  const col = b[FIELDS[f]!];
  const step = sampleStep(from, to);
  let m = 0;
  for (let i = Math.max(from, 1); i < to && m < scratch.length; i += step) {
    const move = comparable(sm, i) ? Math.log(col[i]! / col[i - 1]!) : Number.NaN;
    if (Number.isFinite(move)) scratch[m++] = move;
  }
  const { median, sigma } = sampleStats(scratch, m);
  if (!(sigma > 0)) return;
  const up = Math.exp(Math.max(median + spikeK * sigma, spikeMinMove));
  const down = Math.exp(Math.min(median - spikeK * sigma, -spikeMinMove));
  for (const i of list) {
    const ratio = col[i]! / col[i - 1]!;
    if (!(ratio > up || ratio < down) || !comparable(sm, i)) continue;
    const move = Math.log(ratio);
    const z = Math.abs(move - median) / sigma;
    if (!(z > (spikes.get(i)?.z ?? 0))) continue;
    const back = revertIndex(col, i, move, spikeRevertBars);
    if (back >= 0) spikes.set(i, { z, f, back });
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
