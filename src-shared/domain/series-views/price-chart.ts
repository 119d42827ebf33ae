import { z } from 'zod';
import { CheckedEmptySchema, IntervalSchema } from '../range';
import { TimeframeSchema } from '../timeframe-schema';
import { GapSchema } from './availability';
import { StoredFindingSchema } from './findings';

/** Bars a price chart answer holds by default, and at most: enough for any screen, never millions. */
export const CHART_BARS = 3000;
export const CHART_BARS_MAX = 4000;
/** Gaps and findings an answer lists at most (the totals count them all). */
export const CHART_LIST_MAX = 500;

/** A stored quality finding as the chart marks it: the check's code with its span (the app words it). */
export const ChartFindingSchema = StoredFindingSchema.omit({ values: true });
export type ChartFinding = z.infer<typeof ChartFindingSchema>;

/** Bars as columns (one entry per bar, by time), so thousands of them stay a small message. */
export const ChartBarsSchema = z.object({
  ts: z.array(z.number()),
  open: z.array(z.number()),
  high: z.array(z.number()),
  low: z.array(z.number()),
  close: z.array(z.number()),
  volume: z.array(z.number()),
});
export type ChartBars = z.infer<typeof ChartBarsSchema>;

export const PriceChartSchema = z.object({
  id: z.string(),
  /** The series' own timeframe. */
  timeframe: TimeframeSchema,
  /** The timeframe the bars were resampled to (UTC-aligned), or the series' own. */
  resolution: TimeframeSchema,
  /**
   * The overview level (coarser bars kept per series) the bars were resampled from; null when they
   * were read from the series' own bars. Main always sets it.
   */
  level: TimeframeSchema.nullable().optional(),
  /** The range asked for (or the series' extent); `bars` span it widened to whole resolution bars. */
  range: IntervalSchema,
  /** The whole series' extent; null for an empty series. */
  extent: IntervalSchema.nullable(),
  bars: ChartBarsSchema,
  /** Gaps overlapping the range, the first CHART_LIST_MAX by time. */
  gaps: z.array(GapSchema),
  gapTotal: z.number().int(),
  checkedEmpty: z.array(CheckedEmptySchema),
  /** Stored quality findings overlapping the range, the first CHART_LIST_MAX by time. */
  findings: z.array(ChartFindingSchema),
  findingTotal: z.number().int(),
  /** When the stored quality results were computed; null when there are none yet. */
  qualityCheckedAt: z.number().nullable(),
});
export type PriceChart = z.infer<typeof PriceChartSchema>;
