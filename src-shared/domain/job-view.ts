import { z } from 'zod';
import { ImportFileStatusSchema, ImportProblemSchema, ProblemCountsSchema } from './import-problem';
import { JobNoteSchema } from './job-notes';
import { JobKindSchema, JobStateSchema, MaintenanceResultSchema } from './job-state';

/** One file of an import job as the dialog shows it: counts, and problems as rule codes with fields. */
export const ImportJobFileSchema = z.object({
  name: z.string(),
  series: z.string().nullable(),
  status: ImportFileStatusSchema,
  /** Why a failed file failed, one sentence; rejected and unchanged files are told by their status. */
  message: z.string().nullable(),
  rowsRead: z.number().int(),
  rowsAdded: z.number().int(),
  rowsReplaced: z.number().int(),
  rowsRemoved: z.number().int(),
  rowsSkipped: z.number().int(),
  rowsInvalid: z.number().int(),
  problemCounts: ProblemCountsSchema,
  /**
   * The first problems (up to the job's room, and past it the first of each rule), each a rule with
   * where and what (no wording: the dialog words them).
   */
  problems: z.array(ImportProblemSchema.omit({ file: true, message: true })),
  /** A tick file: its tick series and the ticks written there (absent for bar files). */
  tickSeries: z.string().nullable().optional(),
  ticksWritten: z.number().int().optional(),
});
export type ImportJobFile = z.infer<typeof ImportJobFileSchema>;

export const JobViewSchema = z.object({
  id: z.string(),
  kind: JobKindSchema,
  title: z.string(),
  state: JobStateSchema,
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  done: z.number(),
  total: z.number().nullable(),
  unit: z.string(),
  ratePerSec: z.number().nullable(),
  etaMs: z.number().nullable(),
  message: z.string().nullable(),
  /** What the job reports beside its message, as reason codes the panel words; absent: none. */
  notes: z.array(JobNoteSchema).optional(),
  /** Per-row or per-range problems, each one line, ready to copy. */
  problems: z.array(z.string()),
  /** Failed pieces set aside for a later retry (backfill). */
  parked: z.number().int(),
  seriesIds: z.array(z.string()),
  /** What a verify or rebuild job found; absent for other kinds (and in histories saved before it). */
  maintenance: MaintenanceResultSchema.optional(),
  /** The catalog the job works on; absent in histories saved before it was added. */
  catalogDir: z.string().optional(),
  /** What an import job did per file; absent for other kinds. */
  importFiles: z.array(ImportJobFileSchema).optional(),
  /** Last progress heartbeat (ms); absent in jobs saved before it: createdAt stands in. */
  heartbeatAt: z.number().optional(),
  /** Running, but silent longer than the stall time (see isStalled); set when listed. */
  stalled: z.boolean().optional(),
});
export type JobView = z.infer<typeof JobViewSchema>;
