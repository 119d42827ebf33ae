import type { CoverageBucket, GapChart } from '../../../src-shared/contract';
import type { Gap } from '../../../src-shared/domain/availability';
import type { Interval } from '../../../src-shared/domain/range';

/** The smallest window the chart zooms to, in bars: below this a bucket would be under one bar. */
const MIN_BARS = 20;

/** Zooms around `center` (0..1 across the current range) by `factor` (<1 in, >1 out), kept inside the extent. */
export function zoomRange(
  range: Interval,
  extent: Interval,
  factor: number,
  center: number,
  barMs: number,
): Interval {
  const span = range.to - range.from;
  const full = extent.to - extent.from;
  const next = Math.min(full, Math.max(MIN_BARS * barMs, span * factor));
  const pivot = range.from + span * Math.min(1, Math.max(0, center));
  let from = pivot - (pivot - range.from) * (next / span);
  from = Math.min(Math.max(from, extent.from), extent.to - next);
  return { from: Math.round(from), to: Math.round(from + next) };
}

/** Moves the window by `fraction` of its width (negative = earlier), kept inside the extent. */
export function panRange(range: Interval, extent: Interval, fraction: number): Interval {
  const span = range.to - range.from;
  const from = Math.min(
    Math.max(range.from + span * fraction, extent.from),
    Math.max(extent.from, extent.to - span),
  );
  return { from: Math.round(from), to: Math.round(from + span) };
}

export interface ChartRow {
  i: number;
  from: number;
  to: number;
  covered: number;
  gap: number;
  empty: number;
  closed: number;
  missingBars: number;
  /** Always 1: the full-height bar each bucket is drawn in. */
  full: number;
}

/**
 * Bucket shares as fractions of the bucket, for a 100% stacked bar. A gap that is only a sliver of a
 * wide bucket still gets a visible minimum, or a one-bar gap in ten years would never show.
 */
export function chartRows(buckets: readonly CoverageBucket[]): ChartRow[] {
  return buckets.map((b, i) => {
    const len = Math.max(1, b.to - b.from);
    let gap = b.gapMs / len;
    if (gap > 0 && gap < 0.25) gap = 0.25;
    const rest = 1 - gap;
    const other = b.coveredMs + b.emptyMs + b.closedMs;
    const scale = other > 0 ? Math.min(rest / (other / len), 1) : 1;
    return {
      i,
      from: b.from,
      to: b.to,
      covered: (b.coveredMs / len) * scale,
      gap,
      empty: (b.emptyMs / len) * scale,
      closed: (b.closedMs / len) * scale,
      missingBars: b.missingBars,
      full: 1,
    };
  });
}

/** The gap a click on a bucket selects: the one overlapping it most. */
export function gapInBucket(gaps: readonly Gap[], from: number, to: number): Gap | null {
  let best: Gap | null = null;
  let bestOverlap = 0;
  for (const g of gaps) {
    const overlap = Math.min(g.to, to) - Math.max(g.from, from);
    if (overlap > bestOverlap) {
      best = g;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** The range to show when a gap is focused: the gap with as much context again on each side. */
export function focusRange(gap: Interval, extent: Interval): Interval {
  const span = Math.max(gap.to - gap.from, 1);
  return {
    from: Math.max(extent.from, gap.from - span),
    to: Math.min(extent.to, gap.to + span),
  };
}

export function sameGap(a: Interval | null, b: Interval | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.to === b.to;
}

export function chartTitle(chart: GapChart): string {
  return chart.gapTotal === 0
    ? 'No gaps in view'
    : `${chart.gapTotal} gap${chart.gapTotal === 1 ? '' : 's'} in view`;
}
