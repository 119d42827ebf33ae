import { ProblemLog, type RawProblem } from '../parse/problems';

// The plain read's order: row rules (by line), then the file rules in the order finalize applies them.
const PHASE: Record<string, number> = {
  spacing: 1,
  unsorted: 1,
  duplicate_conflict: 2,
  duplicate_identical: 3,
  ts_out_of_range: 4,
  off_grid: 4,
  no_timeframe: 5,
};

export interface ProblemSource {
  problems: RawProblem[];
  problemCounts: Record<string, number>;
  errors: number;
  /** Added to every line number (ranges after the first count lines from their own start). */
  lineOffset: number;
}

/**
 * One file's problems from the ranges of a streaming import: every count, and the first 100 errors and
 * 100 notes in the plain read's order, and past them the first of each rule, as a plain read keeps
 * them. Only for ticks out of order within the tolerance (tick-split.ts) can the ones shown in full
 * differ from a plain read's (each range keeps its own first 100 of its own order).
 */
export function mergeProblems(file: string, sources: readonly ProblemSource[]): ProblemLog {
  const all: RawProblem[] = [];
  for (const s of sources)
    for (const p of s.problems)
      all.push(p[0] === null ? p : [p[0] + s.lineOffset, p[1], p[2], p[3], p[4], p[5]]);
  // Array sort is stable: within a phase, sources and lines keep their order.
  const phase = (p: RawProblem) => PHASE[p[3]] ?? 0;
  all.sort((a, b) => phase(a) - phase(b) || (a[0] ?? 0) - (b[0] ?? 0));
  const log = new ProblemLog(file);
  for (const p of all) log.show(...p);
  // Counted from the sources: each range counted all its problems, not only the ones it kept.
  for (const s of sources) {
    for (const [rule, n] of Object.entries(s.problemCounts)) log.counts[rule] = (log.counts[rule] ?? 0) + n;
    log.errors += s.errors;
  }
  return log;
}
