import { z } from 'zod';
import { IbkrSeriesSchema } from '../ibkr';
import { CheckedEmptySchema, IntervalSchema } from '../range';
import { TimeframeSchema } from '../timeframe-schema';

/** One row of the availability table; read from manifests only, never from Parquet data. */
export const SeriesSummarySchema = z.object({
  id: z.string(),
  venue: z.string(),
  symbol: z.string(),
  timeframe: TimeframeSchema,
  calendar: z.string(),
  first: z.number().int().nullable(),
  last: z.number().int().nullable(),
  rows: z.number().int(),
  partitions: z.number().int(),
  bytes: z.number().int(),
  coveragePct: z.number(),
  gapCount: z.number().int(),
  missingBars: z.number().int(),
  checkedEmptyCount: z.number().int(),
  lastWriteAt: z.number().int().nullable(),
  /** Provider backfills of this series use; null: none (absent in summaries that do not say). */
  provider: z.string().nullable().optional(),
  /** Its Interactive Brokers settings, when its provider is ibkr. */
  ibkr: IbkrSeriesSchema.optional(),
  /** Findings of the stored quality results; null: not computed yet (absent where not read). */
  qualityFindings: z.number().int().nullable().optional(),
});
export type SeriesSummary = z.infer<typeof SeriesSummarySchema>;

export const GapSchema = IntervalSchema.and(z.object({ missingBars: z.number().int() }));
export type Gap = z.infer<typeof GapSchema>;

export const AvailabilitySchema = SeriesSummarySchema.extend({
  covered: z.array(IntervalSchema),
  gaps: z.array(GapSchema),
  checkedEmpty: z.array(CheckedEmptySchema),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

/**
 * A series the listing left out, so the rest of the catalog still lists: `unreadable_manifest` (run
 * rebuild), `out_of_range` (bars outside the allowed years, `first`/`last` say where),
 * `availability_failed` (its figures could not be computed; `detail` says why).
 */
export const BrokenSeriesSchema = z.object({
  id: z.string(),
  file: z.string(),
  reason: z.enum(['unreadable_manifest', 'out_of_range', 'availability_failed']),
  first: z.number().int().nullable().optional(),
  last: z.number().int().nullable().optional(),
  detail: z.string(),
});
export type BrokenSeries = z.infer<typeof BrokenSeriesSchema>;
