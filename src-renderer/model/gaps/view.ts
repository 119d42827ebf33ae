import type { CoverageBucket, GapChart } from '../../../src-shared/contract';
import type { Interval } from '../../../src-shared/domain/range';
import type { Gap } from '../../../src-shared/domain/series-views/availability';

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

/**
 * The buckets that get an axis label, chosen like recharts' `preserveEnd` but from an estimated label
 * width: letting recharts measure every candidate label in the DOM took ~50 ms per draw.
 */
export function axisTicks(count: number, plotWidth: number, labelPx: number, minGapPx = 60): number[] {
  if (count <= 0 || plotWidth <= labelPx) return [];
  const bucket = plotWidth / count;
  const step = Math.max(1, Math.ceil((labelPx + minGapPx) / bucket));
  const half = labelPx / 2;
  // The last label that fits inside the plot, then every `step` buckets back while labels still fit.
  const last = Math.min(count - 1, Math.floor((plotWidth - half) / bucket - 0.5));
  const ticks: number[] = [];
  for (let i = last; i >= 0 && (i + 0.5) * bucket >= half; i -= step) ticks.push(i);
  return ticks.reverse();
}

export const STRIP_ORDER = ['covered', 'empty', 'closed', 'gap'] as const;
export type StripState = (typeof STRIP_ORDER)[number];

/**
 * SVG path data per state for the buckets stacked bottom-up (covered, empty, closed, gap) in `box`:
 * one path per state, however many buckets.
 */
export function stripPaths(
  rows: readonly ChartRow[],
  box: { x: number; y: number; width: number; height: number },
): Record<StripState, string> {
  const parts: Record<StripState, string[]> = { covered: [], empty: [], closed: [], gap: [] };
  const w = rows.length > 0 ? box.width / rows.length : 0;
  // Overlap the next bucket by half a pixel so no anti-aliased seams show between buckets.
  const width = (w + 0.5).toFixed(2);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const x = (box.x + i * w).toFixed(2);
    let bottom = box.y + box.height;
    for (const key of STRIP_ORDER) {
      const h = row[key] * box.height;
      if (h <= 0) continue;
      bottom -= h;
      parts[key].push(`M${x} ${bottom.toFixed(2)}h${width}v${h.toFixed(2)}h-${width}z`);
    }
  }
  return {
    covered: parts.covered.join(''),
    empty: parts.empty.join(''),
    closed: parts.closed.join(''),
    gap: parts.gap.join(''),
  };
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

/**
 * The selected gap is the shared time axis' selection when it overlaps a gap the chart lists (a
 * finding picked on the price chart, or a gap since filled, selects none): the axis is the one truth.
 */
export function selectedGapIn(gaps: readonly Gap[], selection: Interval | null): Interval | null {
  return selection && gaps.some((g) => g.from < selection.to && g.to > selection.from) ? selection : null;
}

export function sameGap(a: Interval | null, b: Interval | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.to === b.to;
}

export function chartTitle(chart: GapChart): string {
  return chart.gapTotal === 0
    ? 'No gaps in view'
    : `${chart.gapTotal} gap${chart.gapTotal === 1 ? '' : 's'} in view`;
}

/** Backfill's refusal in words; a series without a provider gets the ones main says could serve it. */
export function backfillErrorText(code: string, message: string, details: unknown): string {
  const d = details as { reason?: unknown; candidates?: unknown } | undefined;
  if (d?.reason !== 'NO_PROVIDER' || !Array.isArray(d.candidates))
    return `Backfill could not start: ${message}`;
  const names = d.candidates.filter((c): c is string => typeof c === 'string');
  return names.length > 0
    ? `No provider is set for this series. ${names.join(' or ')} could serve it: choose one under Provider.`
    : `No provider is set for this series, and none that Barcat knows serves it (${code}).`;
}
