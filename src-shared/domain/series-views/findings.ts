import { z } from 'zod';
import { OhlcvSchema } from '../bar-schema';
import { IntervalSchema } from '../range';

// What the app shows of quality findings and their fixes (engines/quality/store, engines/quality/fixes).

/**
 * A quality finding as the stored results hold it (engines/quality/store narrows its check to the
 * known codes): the one shape the findings list and the price chart show, so they cannot drift from it.
 */
export const StoredFindingSchema = z.object({
  check: z.string(),
  from: z.number(),
  to: z.number(),
  bars: z.number().int(),
  field: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()),
  score: z.number().optional(),
});

/** A stored finding as fixes show it: its id, and open or reviewed (with the note). */
export const FindingViewSchema = z.object({
  id: z.string(),
  ...StoredFindingSchema.shape,
  status: z.enum(['open', 'reviewed']),
  note: z.string().optional(),
});
export type FindingView = z.infer<typeof FindingViewSchema>;

export const SeriesFindingsSchema = z.object({ findings: z.array(FindingViewSchema), open: z.number() });

/** A finding's bars from the catalog and from its provider, side by side (engines/quality/fixes/refetch). */
export const RefetchComparisonSchema = z.object({
  token: z.string(),
  series: z.string(),
  findingId: z.string(),
  range: IntervalSchema,
  provider: z.string(),
  rows: z.array(
    z.object({
      ts: z.number(),
      catalog: OhlcvSchema.nullable(),
      provider: OhlcvSchema.nullable(),
      differs: z.boolean(),
    }),
  ),
  differing: z.number(),
  catalogBars: z.number(),
  providerBars: z.number(),
});
export type RefetchComparison = z.infer<typeof RefetchComparisonSchema>;
