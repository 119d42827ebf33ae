/** One UTC day of a tick series' span: ticks or a session without any (a gap), else no session. */
export interface CoverageDay {
  date: string;
  gap: boolean;
}

const DAY = 86_400_000;

/**
 * The days from the first tick's to the last tick's (µs UTC), each marked a gap when it is one of
 * `gapDays` (days in session without ticks, as main judged them by the series' calendar).
 */
export function coverageDays(
  firstUs: number | null,
  lastUs: number | null,
  gapDays: readonly string[],
): CoverageDay[] {
  if (firstUs === null || lastUs === null) return [];
  const gaps = new Set(gapDays);
  const out: CoverageDay[] = [];
  const from = Math.floor(firstUs / 1000 / DAY);
  const to = Math.floor(lastUs / 1000 / DAY);
  for (let d = from; d <= to; d++) {
    const date = new Date(d * DAY).toISOString().slice(0, 10);
    out.push({ date, gap: gaps.has(date) });
  }
  return out;
}
