import { z } from 'zod';
import { BAR_COLUMNS } from '../bar';
import { ConflictModeSchema, OhlcvSchema } from '../bar-schema';

export const DbFieldSchema = z.enum(BAR_COLUMNS);

/**
 * A database source as the user describes it (CLI flags or the "Import from database" dialog): a
 * password-free URL, a table or a query, the mapping (missing fields detected), and the series.
 */
export const DbSourceInputSchema = z
  .object({
    url: z.string().min(1).max(2000),
    table: z.string().min(1).max(300).optional(),
    query: z.string().min(1).max(100_000).optional(),
    map: z.partialRecord(DbFieldSchema, z.string().min(1).max(200)).optional(),
    /** One series for every row, `VENUE:SYMBOL:TIMEFRAME`. */
    series: z.string().max(200).optional(),
    /** Venue and symbol columns, and optionally a timeframe column. */
    seriesFrom: z.array(z.string().min(1).max(200)).min(2).max(3).optional(),
    /** The timeframe of every row when seriesFrom has no timeframe column. */
    timeframe: z.string().max(16).optional(),
    tz: z.string().max(64).optional(),
  })
  .strict();
export type DbSourceInput = z.infer<typeof DbSourceInputSchema>;

export const DbColumnViewSchema = z.object({ name: z.string(), type: z.string(), kind: z.string() });

/** The dialog's preview: the plan as it will run and the first rows read with it. */
export const DbImportPreviewSchema = z.object({
  /** The previewed plan, kept by the app: starting the import names it and runs it as shown. */
  planId: z.string(),
  target: z.string(),
  columns: z.array(DbColumnViewSchema),
  map: z.partialRecord(DbFieldSchema, z.string()),
  tsKind: z.enum(['instant', 'wall', 'date', 'integer']),
  tz: z.string(),
  rows: z.array(
    z.object({
      /** `SERIES@ISO time`. */
      key: z.string(),
      // A bar's values, but the source may have no volume column.
      bar: z.object({ ts: z.number(), ...OhlcvSchema.shape, volume: z.number().nullable() }).nullable(),
      /** Why the row would be left out; null when it is good. */
      problem: z.string().nullable(),
    }),
  ),
});
export type DbImportPreview = z.infer<typeof DbImportPreviewSchema>;

export const DbImportStartSchema = z
  .object({
    planId: z.string().min(1).max(100),
    mode: ConflictModeSchema,
    onError: z.enum(['reject', 'skip']).optional(),
  })
  .strict();
