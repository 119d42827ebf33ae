import { type Bar, barProblem, tsText } from '../../../../src-shared/domain/bar';
import { nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { tsLimitsFromEnv } from '../../catalog/index';

/** Bars of one open time answered more than once: all but the first dropped, counted, never silent. */
export interface Duplicates {
  dropped: number;
  /** The first open time answered twice; null when none was. */
  firstTs: number | null;
}

export interface CleanResult {
  bars: Bar[];
  rejected: { ts: number; problem: string }[];
  /** The still-open last bar (its end is after now), dropped. */
  droppedOpen: number;
  duplicates: Duplicates;
}

/**
 * Checks each bar with the catalog's bar rules (domain/bar.ts, the allowed years), drops the
 * still-open bar, keeps the first bar of each open time (the others counted), sorts by open time.
 */
export function cleanBars(raw: Bar[], tf: Timeframe, now: number): CleanResult {
  const limits = tsLimitsFromEnv();
  const kept: Bar[] = [];
  const rejected: { ts: number; problem: string }[] = [];
  let droppedOpen = 0;
  for (const b of raw) {
    // Absent trades/vwap are NaN to the rules, as in a catalog batch.
    const problem = barProblem(
      { ...b, trades: b.trades ?? Number.NaN, vwap: b.vwap ?? Number.NaN },
      tf,
      limits,
    );
    if (problem) {
      rejected.push({ ts: b.ts, problem: `bar at ${tsText(b.ts)}, ${problem.column}: ${problem.what}` });
      continue;
    }
    if (nextBarStart(b.ts, tf) > now) {
      droppedOpen++;
      continue;
    }
    kept.push(b);
  }
  const { bars, duplicates } = firstOfEachTs(kept);
  return { bars, rejected, droppedOpen, duplicates };
}

/** Sorted by open time with one bar per time: the first given wins, the others are counted. */
export function firstOfEachTs(given: readonly Bar[]): { bars: Bar[]; duplicates: Duplicates } {
  // A stable sort keeps bars of one time in the order they came, so the first is the one kept.
  const sorted = [...given].sort((a, b) => a.ts - b.ts);
  const bars: Bar[] = [];
  const duplicates: Duplicates = { dropped: 0, firstTs: null };
  for (const b of sorted) {
    if (bars.length > 0 && bars[bars.length - 1]!.ts === b.ts) {
      duplicates.dropped++;
      duplicates.firstTs ??= b.ts;
      continue;
    }
    bars.push(b);
  }
  return { bars, duplicates };
}

/** Adds one answer's dropped duplicates to a running count (the earliest first time kept). */
export function addDuplicates(into: Duplicates, more: Duplicates): void {
  into.dropped += more.dropped;
  if (more.firstTs !== null && (into.firstTs === null || more.firstTs < into.firstTs))
    into.firstTs = more.firstTs;
}
