// What an import found wrong in a row or file, and a file's outcome: the part of the import domain a job
// file's view (job-view.ts) needs, apart from import.ts's requests and previews.
import { z } from 'zod';

export const ImportProblemSchema = z.object({
  file: z.string(),
  /** 1-based physical line; null for file-level problems. */
  line: z.number().int().nullable(),
  /** Column name (header) or `#N` (1-based) when the file has no header. */
  column: z.string().nullable(),
  value: z.string().nullable(),
  /** Stable rule id, e.g. `bad_number`, `high_below_max`, `duplicate_conflict`. */
  rule: z.string(),
  /** One sentence: what is wrong, where, and what to do. */
  message: z.string(),
  /** error: the row is invalid (reject policy rejects the file); note: reported, nothing dropped. */
  severity: z.enum(['error', 'note']).default('error'),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

/** Every problem of a file counted per rule, also the ones beyond those listed in full. */
export const ProblemCountsSchema = z.record(z.string(), z.number().int());

export const ImportFileStatusSchema = z.enum([
  'imported',
  'unchanged',
  'rejected',
  'failed',
  'cancelled',
  'dry-run',
  'filtered',
]);
export type ImportFileStatus = z.infer<typeof ImportFileStatusSchema>;
