import { z } from 'zod';
import { IbkrSeriesSchema } from './ibkr';
import { JobKindSchema, type JobState, JobStateSchema, type MaintenanceResult } from './job-state';
import { IntervalSchema } from './range';

// The job kinds, states and maintenance results live in job-state.ts, apart from the requests and
// jobs below: a job file's view (job-view.ts) needs only them, and the catalog loads it in every command.
export {
  type JobKind,
  JobKindSchema,
  type JobState,
  JobStateSchema,
  MAX_QUARANTINED_LISTED,
  type MaintenanceKind,
  MaintenanceKindSchema,
  type MaintenanceResult,
  MaintenanceResultSchema,
  type QuarantineCode,
  QuarantineCodeSchema,
  type QuarantinedFile,
  QuarantinedFileSchema,
} from './job-state';

/** Data providers the backfill engine can fetch bars from. */
export const PROVIDER_NAMES = [
  'binance-spot',
  'binance-futures',
  'binance-archive',
  'alpaca',
  'polygon',
  'coinbase',
  'bybit',
  'okx',
  'kraken',
  'yahoo',
  'tiingo',
  'ibkr',
] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** What the user asks for: fill the gaps of one series inside [from, to) from one provider. */
export const BackfillRequestSchema = z
  .object({
    /** Series id, `VENUE:SYMBOL:TIMEFRAME`. */
    series: z.string().min(1).max(200),
    /** ms UTC; omitted means from the provider's history depth / the series' first bar. */
    from: z.number().int().optional(),
    /** ms UTC, exclusive; omitted means now. */
    to: z.number().int().optional(),
    /** The exact ranges the user picked: only these are fetched (from/to then bound them). */
    ranges: z.array(IntervalSchema).max(10_000).optional(),
    provider: ProviderNameSchema,
    /** Overrides the provider's default base URL (a mirror, a regional endpoint, a test server). */
    baseUrl: z.string().url().max(500).optional(),
    /** Ask again for ranges already recorded as checked-empty. */
    forceRecheck: z.boolean().optional(),
    /** Provider ibkr: the series' IB settings as the user saw them (absent: IB's defaults, TRADES in RTH). */
    ibkr: IbkrSeriesSchema.optional(),
  })
  .strict();
export type BackfillRequest = z.infer<typeof BackfillRequestSchema>;

export const JobProgressSchema = z.object({
  requestsDone: z.number().int(),
  requestsTotal: z.number().int(),
  barsWritten: z.number().int(),
  /** Requests per second over the running part of the job; null before the first answer. */
  rate: z.number().nullable(),
  etaMs: z.number().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** A request that still failed after its retries: set aside, retryable later by one call. */
export const ParkedFailureSchema = z.object({
  range: IntervalSchema,
  error: z.string(),
  status: z.number().int().nullable(),
  attempts: z.number().int(),
  at: z.number().int(),
  /** The source refused it for good (unknown symbol, a 4xx): a retry would only repeat it. */
  permanent: z.boolean().optional(),
});
export type ParkedFailure = z.infer<typeof ParkedFailureSchema>;

/** One HTTP attempt, as kept in the job's attempts log (never holds a URL with a key). */
export const AttemptSchema = z.object({
  at: z.number().int(),
  range: IntervalSchema,
  attempt: z.number().int(),
  /** HTTP status, or null for a timeout, reset or unreadable body. */
  status: z.number().int().nullable(),
  outcome: z.enum(['ok', 'empty', 'retry', 'parked', 'stopped']),
  bars: z.number().int(),
  waitMs: z.number().int(),
  message: z.string().nullable(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const JobSummarySchema = z.object({
  requests: z.number().int(),
  retries: z.number().int(),
  barsWritten: z.number().int(),
  checkedEmpty: z.array(IntervalSchema),
  parked: z.number().int(),
  /** Rows the provider sent without prices (Yahoo's nulls): skipped, never stored as zeros. */
  skippedEmpty: z.number().int().optional(),
  /** Bars dropped because the provider answered their open time again (the first answer kept). */
  duplicatesDropped: z.number().int().optional(),
  /** The first open time answered twice (ms UTC). */
  firstDuplicateTs: z.number().int().optional(),
  /** Parts of the picked ranges already in the catalog or checked-empty, so not fetched. */
  alreadyPresent: z.array(IntervalSchema).optional(),
  /** Why the job failed or stopped, in plain words; null when done. */
  message: z.string().nullable(),
});
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: JobKindSchema,
  state: JobStateSchema,
  /** Series id, `VENUE:SYMBOL:TIMEFRAME`. */
  series: z.string(),
  provider: ProviderNameSchema.nullable(),
  range: IntervalSchema,
  createdAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  progress: JobProgressSchema,
  parked: z.array(ParkedFailureSchema),
  /** The most recent attempts (the full log is in CATALOG/jobs/ID.attempts.jsonl). */
  attempts: z.array(AttemptSchema),
  summary: JobSummarySchema.nullable(),
});
export type Job = z.infer<typeof JobSchema>;

/** Events the backfill service emits; they carry ids and figures, the UI re-queries the rest. */
export const JobEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), job: JobSchema }),
  z.object({ type: z.literal('state'), job: JobSchema }),
  z.object({ type: z.literal('progress'), jobId: z.string(), progress: JobProgressSchema }),
  z.object({ type: z.literal('seriesChanged'), jobId: z.string(), series: z.string() }),
]);
export type JobEvent = z.infer<typeof JobEventSchema>;

export function quarantinedCount(r: MaintenanceResult): number {
  return r.quarantinedTotal ?? r.quarantined.length;
}

/**
 * A job that runs (or waits) but has sent no progress heartbeat for longer than `stallMs`: stuck on a
 * dead connection, a lock, a hung worker. `now` is passed in so tests set the clock.
 */
export function isStalled(
  job: { state: JobState; createdAt: number; heartbeatAt?: number | undefined },
  now: number,
  stallMs: number,
): boolean {
  return (
    (job.state === 'running' || job.state === 'queued') && now - (job.heartbeatAt ?? job.createdAt) > stallMs
  );
}
