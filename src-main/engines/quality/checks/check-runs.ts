import type { BarBatch } from '../../catalog/index';
import type { CheckContext, Finding } from '../types';
import { finding, runPieces } from './findings';
import { opensSession, type SessionMap } from './sessions';

/** A check over one batch with its session map, pushing findings cut at the segment bounds. */
type SessionCheck = (
  b: BarBatch,
  ctx: CheckContext,
  sm: SessionMap,
  cuts: readonly number[],
  out: Finding[],
) => void;

function sameOhlc(b: BarBatch, i: number, j: number): boolean {
  return (
    b.open[i] === b.open[j] && b.high[i] === b.high[j] && b.low[i] === b.low[j] && b.close[i] === b.close[j]
  );
}

/**
 * Stale runs (identical OHLC, zero volume) and zero-volume runs, both inside sessions only: a bar
 * outside a session ends a run. A run counts by its whole length and is reported per segment.
 */
export const checkRuns: SessionCheck = (b, ctx, sm, cuts, out) => {
  const { staleBars, zeroVolumeBars } = ctx.settings;
  const tf = ctx.timeframe;
  const n = b.length;
  let staleStart = -1;
  let zeroStart = -1;
  const closeStale = (end: number) => {
    if (staleBars !== null && staleStart >= 0 && end - staleStart >= staleBars) {
      const len = end - staleStart;
      runPieces(cuts, staleStart, end, (a, z) =>
        out.push(finding('stale_run', b.ts, a, z - 1, tf, { price: b.close[a]!, runBars: len })),
      );
    }
    staleStart = -1;
  };
  const closeZero = (end: number) => {
    if (zeroVolumeBars !== null && zeroStart >= 0 && end - zeroStart >= zeroVolumeBars) {
      const len = end - zeroStart;
      runPieces(cuts, zeroStart, end, (a, z) =>
        out.push(finding('zero_volume_run', b.ts, a, z - 1, tf, { runBars: len })),
      );
    }
    zeroStart = -1;
  };
  for (let i = 0; i < n; i++) {
    const zero = sm.inSession[i] === 1 && b.volume[i] === 0;
    // A new intraday session ends both runs: a quiet close and a quiet open are two runs.
    if (!zero || (i > 0 && opensSession(sm, i))) {
      closeStale(i);
      closeZero(i);
    }
    if (!zero) continue;
    if (zeroStart < 0) zeroStart = i;
    if (staleStart >= 0 && !sameOhlc(b, i, i - 1)) closeStale(i);
    if (staleStart < 0) staleStart = i;
  }
  closeStale(n);
  closeZero(n);
};

/** Bars outside the calendar's sessions, one finding per run of consecutive ones (per segment). */
export const checkOutOfSession: SessionCheck = (b, ctx, sm, cuts, out) => {
  let start = -1;
  for (let i = 0; i <= b.length; i++) {
    const outside = i < b.length && sm.inSession[i] === 0;
    if (outside && start < 0) start = i;
    if (outside || start < 0) continue;
    runPieces(cuts, start, i, (a, z) =>
      out.push(finding('out_of_session', b.ts, a, z - 1, ctx.timeframe, {})),
    );
    start = -1;
  }
};
