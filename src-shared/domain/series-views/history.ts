import { z } from 'zod';
import { SeriesKeySchema } from '../series-schema';

/**
 * What the app shows of series management (undo, history, trash): the shapes main returns
 * (engines/catalog/history, engines/catalog/trash), as codes and numbers. Quality fixes: findings.ts.
 */
export const GenerationViewSchema = z.object({
  generation: z.number().int(),
  current: z.boolean(),
  source: z.string().nullable(),
  kind: z.string().nullable(),
  jobId: z.string().nullable(),
  at: z.number().nullable(),
  mode: z.string().nullable(),
  counts: z.object({ added: z.number(), replaced: z.number(), removed: z.number() }).nullable(),
  undo: z.object({ at: z.number(), generations: z.array(z.number()) }).nullable(),
  bars: z.number(),
  partitions: z.number(),
  replacedAt: z.number().nullable(),
  keptFiles: z.number(),
});
export type GenerationView = z.infer<typeof GenerationViewSchema>;

export const UndoReportSchema = z.object({
  series: z.string(),
  undone: z.array(z.number()),
  restoredGeneration: z.number(),
  generation: z.number(),
  source: z.string().nullable(),
  barsBefore: z.number(),
  barsAfter: z.number(),
  barsRestored: z.number(),
  barsRemoved: z.number(),
  filesRestored: z.number(),
  filesRemoved: z.number(),
  dbImportReset: z.object({ source: z.string(), rows: z.number() }).optional(),
});
export type UndoReport = z.infer<typeof UndoReportSchema>;

export const TrashEntrySchema = z.object({
  id: z.string(),
  series: z.string(),
  key: SeriesKeySchema,
  deletedAt: z.number(),
  bars: z.number(),
  partitions: z.number(),
  bytes: z.number(),
});
export type TrashEntry = z.infer<typeof TrashEntrySchema>;
