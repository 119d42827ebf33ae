import { z } from 'zod';
import { ConflictModeSchema } from './domain/bar-schema';
import { IbCandidateSchema, IbkrSeriesSchema } from './domain/ibkr';
import { ErrorPolicySchema, ImportOverridesSchema, ImportPreviewSchema } from './domain/import';
import { JobKindSchema, type JobState, JobStateSchema, ProviderNameSchema } from './domain/job';
import {
  DbImportPreviewSchema,
  DbImportStartSchema,
  DbSourceInputSchema,
} from './domain/job-kinds/db-import';
import {
  StartExportSchema,
  StartWindowsExportSchema,
  VerifyExportResultSchema,
  VerifyExportSchema,
} from './domain/job-kinds/export';
import {
  AddSeriesInputSchema,
  SearchSymbolsInputSchema,
  SymbolSearchSchema,
  UpdateOutcomeSchema,
  UpdateSeriesInputSchema,
} from './domain/job-kinds/keep-current';
import {
  DeadLetterSchema,
  GroupSchema,
  ScheduleRuleSchema,
  ScheduleTargetSchema,
  ScheduleViewSchema,
} from './domain/job-kinds/schedule';
import { type ImportJobFile, ImportJobFileSchema, type JobView, JobViewSchema } from './domain/job-view';
import { IntervalSchema } from './domain/range';
import {
  AvailabilitySchema,
  BrokenSeriesSchema,
  GapSchema,
  SeriesSummarySchema,
} from './domain/series-views/availability';
import { RefetchComparisonSchema, SeriesFindingsSchema } from './domain/series-views/findings';
import { HealthProblemSchema, HealthReportSchema } from './domain/series-views/health';
import { GenerationViewSchema, TrashEntrySchema, UndoReportSchema } from './domain/series-views/history';
import { CHART_BARS_MAX, PriceChartSchema } from './domain/series-views/price-chart';
import { MAX_READ_CACHE_MB } from './domain/settings/read-cache';
import {
  TickBackfillStartSchema,
  TickCardSchema,
  TickChoicesSchema,
  TickCoverageSchema,
  TickSeriesRowSchema,
} from './domain/ticks';
import { TimeframeSchema } from './domain/timeframe-schema';

/**
 * The one contract between the UI and main: every command {input, output} and event {payload}.
 * Channel names exist only here; the Electron preload, the ipc wrapper, the web host and the
 * renderer's client are all generated from these two tables.
 */

const SeriesIdInput = z.string().min(3).max(200);

export const CatalogInfoSchema = z.object({
  dir: z.string(),
  seriesCount: z.number().int(),
  empty: z.boolean(),
  /** Series the listing left out (each with a reason code); absent when there are none. */
  brokenSeries: z.array(BrokenSeriesSchema).optional(),
});
export type CatalogInfo = z.infer<typeof CatalogInfoSchema>;

/** One slice of the coverage timeline; the *Ms fields add up to the bucket's length. */
export const CoverageBucketSchema = z.object({
  from: z.number(),
  to: z.number(),
  coveredMs: z.number(),
  gapMs: z.number(),
  emptyMs: z.number(),
  closedMs: z.number(),
  missingBars: z.number().int(),
});
export type CoverageBucket = z.infer<typeof CoverageBucketSchema>;

export const GapChartSchema = z.object({
  id: z.string(),
  timeframe: TimeframeSchema,
  /** The range the buckets span (the request's, or the series' extent). */
  range: IntervalSchema,
  /** The whole series' extent, for zoom-out and pan limits; null for an empty series. */
  extent: IntervalSchema.nullable(),
  bucketMs: z.number(),
  buckets: z.array(CoverageBucketSchema),
  /** Gaps overlapping the range, at most `gapLimit` of them (largest first when cut). */
  gaps: z.array(GapSchema),
  gapTotal: z.number().int(),
  missingBars: z.number().int(),
});
export type GapChart = z.infer<typeof GapChartSchema>;

export const QueryPreviewSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.number().nullable())),
  total: z.number().int(),
  /** Resampled previews: shown bars whose bucket is not full (a gap inside it, or cut by the edge). */
  incomplete: z.number().int().optional(),
});
export type QueryPreview = z.infer<typeof QueryPreviewSchema>;

export const ImportFileRequestSchema = z.object({
  path: z.string().min(1).max(4096),
  overrides: ImportOverridesSchema.optional(),
  /** The preview whose plan to run as it was shown (startImport); nothing is detected again. */
  planId: z.string().min(1).max(64).optional(),
  /** A CSV member of the zip archive at `path` (its name inside the archive): that member alone. */
  member: z.string().min(1).max(4096).optional(),
  /** A tick file's choices (keep ticks, build bars, both; price; timeframe). */
  ticks: TickChoicesSchema.optional(),
});
export type ImportFileRequest = z.infer<typeof ImportFileRequestSchema>;

/** The import engine's preview of one file, plus what the UI needs around it. */
export const ImportFilePreviewSchema = z.object({
  path: z.string(),
  /** The CSV member of the zip archive at `path` this card is (an archive shows one card per member). */
  member: z.string().optional(),
  name: z.string(),
  /** Ready to import as it stands: readable as bars, and venue, symbol and timeframe are known. */
  ok: z.boolean(),
  /** What stops it, in plain words (ok false). */
  error: z.string().nullable(),
  preview: ImportPreviewSchema.nullable(),
  seriesId: z.string().nullable(),
  /** Existing bars in the catalog inside this file's span: what the conflict mode decides about. */
  existingBars: z.number().int(),
  /** Names this preview's plan for startImport; null when the file cannot be read. */
  planId: z.string().nullable().default(null),
  /** A time zone the user typed that is neither an IANA name nor an offset (the preview ignores it). */
  invalidZone: z.string().nullable().default(null),
  /** When these bytes were imported into the series by the same plan before (ISO time), else null. */
  importedBefore: z.string().nullable().default(null),
  /** A tick file: its plan and first ticks (preview is null then). */
  tick: TickCardSchema.nullable().optional(),
});
export type ImportFilePreview = z.infer<typeof ImportFilePreviewSchema>;

// In their own file so the catalog's job files validate without building this whole contract.
export {
  type ImportJobFile,
  ImportJobFileSchema,
  JobKindSchema,
  type JobState,
  JobStateSchema,
  type JobView,
  JobViewSchema,
};

export const ProviderSettingsSchema = z.object({
  /** Empty: the provider's default endpoint. */
  baseUrl: z.string().max(500),
  hasKey: z.boolean(),
});

export const SettingsSchema = z.object({
  catalogDir: z.string(),
  defaultTimezone: z.string(),
  providers: z.record(z.string(), ProviderSettingsSchema),
  /** Where provider keys are kept: the OS keychain (Electron safeStorage) or a 0600 file. */
  keyStorage: z.enum(['safeStorage', 'session']),
  /** The app's opt-in local /metrics port (127.0.0.1); null or absent: off. */
  metricsPort: z.number().int().nullable().optional(),
  /** The token a scraper sends there as `Authorization: Bearer TOKEN`; set while the port is. */
  metricsToken: z.string().nullable().optional(),
  /** Bound of the cache of decoded partitions that makes repeat reads fast, in MB; 0: off. */
  readCacheMb: z.number().int().min(0),
  /** The web host's /metrics Bearer token (read-only, new at each start); only in the web host. */
  webMetricsToken: z.string().optional(),
  /** Database connections (password-free URL) with a saved password: only "saved", never the password. */
  dbPasswords: z.record(z.string(), z.literal('saved')).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z.object({
  defaultTimezone: z.string().min(1).max(64).optional(),
  readCacheMb: z.number().int().min(0).max(MAX_READ_CACHE_MB).optional(),
  providers: z
    .partialRecord(
      ProviderNameSchema,
      z.object({
        /** Empty string goes back to the provider's own default; ibkr's is tws://HOST:PORT?clientId=N. */
        baseUrl: z.union([z.url({ protocol: /^(https?|tws)$/ }), z.literal('')]).optional(),
        /** A new key; empty string removes the stored key. */
        key: z.string().max(500).optional(),
      }),
    )
    .optional(),
  /** Serve /metrics from the app on 127.0.0.1:PORT (from its next start); null turns it off. */
  metricsPort: z.number().int().min(1024).max(65535).nullable().optional(),
  /** A database URL (no password in it) to its password, kept in the SecretStore; '' forgets it. */
  dbPasswords: z.record(z.string().max(500), z.string().max(500)).optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

const Empty = z.object({}).strict();
/** A rename's new id and what followed the series: its schedules, health settings, and group changes. */
const RenameOutputSchema = z.object({
  id: z.string(),
  schedulesMoved: z.array(z.string()),
  healthSettingsMoved: z.boolean(),
  groupsLeft: z.array(z.string()),
  groupsJoined: z.array(z.string()),
  /** A timeframe label changed: bars written anew, and the old series' trash entry (restore takes it back). */
  relabeled: z.object({ bars: z.number().int(), trashId: z.string() }).optional(),
});
const CatalogDirInput = z.object({ dir: z.string().min(1).max(4096) }).strict();

export const commands = {
  catalogInfo: { input: Empty, output: CatalogInfoSchema },
  listSeries: { input: Empty, output: z.array(SeriesSummarySchema) },
  /** Tick series with their rows, span and days in session without ticks. */
  listTickSeries: { input: Empty, output: z.array(TickSeriesRowSchema) },
  /** A tick series' days from its first tick to its last: ticks per day, or closed, checked empty, a gap. */
  tickCoverage: { input: z.object({ id: z.string().min(1).max(200) }).strict(), output: TickCoverageSchema },
  /** The catalog's trading calendars by name: built-in ones, then the user's. */
  listCalendars: { input: Empty, output: z.array(z.string()) },
  /** Gives a series another trading calendar (its gaps are judged by it from then on). */
  setSeriesCalendar: {
    input: z.object({ id: SeriesIdInput, calendar: z.string().min(1).max(64) }).strict(),
    output: z.object({ calendar: z.string() }),
  },
  availability: {
    input: z.object({ id: SeriesIdInput, range: IntervalSchema.optional() }).strict(),
    output: AvailabilitySchema,
  },
  gapChart: {
    input: z
      .object({
        id: SeriesIdInput,
        range: IntervalSchema.optional(),
        pixels: z.number().int().min(1).max(8000),
        gapLimit: z.number().int().min(0).max(10_000).optional(),
      })
      .strict(),
    output: GapChartSchema,
  },
  queryPreview: {
    input: z
      .object({
        id: SeriesIdInput,
        range: IntervalSchema.optional(),
        limit: z.number().int().min(1).max(1000),
        fromEnd: z.boolean().optional(),
        /** Resampled on read to this coarser timeframe (UTC buckets); rows then carry `complete` (1/0). */
        timeframe: TimeframeSchema.optional(),
      })
      .strict(),
    output: QueryPreviewSchema,
  },
  /** Bars of a range resampled to the finest standard timeframe that keeps them under maxBars, with gaps and findings. */
  priceChart: {
    input: z
      .object({
        id: SeriesIdInput,
        range: IntervalSchema.optional(),
        maxBars: z.number().int().min(100).max(CHART_BARS_MAX).optional(),
      })
      .strict(),
    output: PriceChartSchema,
  },
  previewImport: {
    input: z.object({ files: z.array(ImportFileRequestSchema).min(1).max(500) }).strict(),
    output: z.object({ files: z.array(ImportFilePreviewSchema) }),
  },
  startImport: {
    input: z
      .object({
        files: z.array(ImportFileRequestSchema).min(1).max(500),
        mode: ConflictModeSchema,
        onError: ErrorPolicySchema.optional(),
        /** Import files again that were imported before by the same plan. */
        force: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ jobId: z.string() }),
  },
  cancelJob: {
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  startBackfill: {
    input: z
      .object({
        id: SeriesIdInput,
        /** Ranges to fill; omitted means every gap of the series. */
        ranges: z.array(IntervalSchema).max(10_000).optional(),
        provider: ProviderNameSchema.optional(),
      })
      .strict(),
    output: z.object({ jobId: z.string() }),
  },
  retryParked: {
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  /** Resumes a stalled job: stops it and starts it again from what is stored (backfill); the new job's id. */
  resumeJob: {
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  /** The provider a series is backfilled from, kept with the series; null: none. */
  setSeriesProvider: {
    input: z
      .object({
        id: SeriesIdInput,
        provider: ProviderNameSchema.nullable(),
        /** With provider ibkr: the series' IB settings (absent: kept, or IB's defaults for a new one). */
        ibkr: IbkrSeriesSchema.optional(),
      })
      .strict(),
    output: z.object({
      id: z.string(),
      provider: ProviderNameSchema.nullable(),
      ibkr: IbkrSeriesSchema.optional(),
    }),
  },
  /** The IB contracts a series could mean (reqContractDetails through TWS), for choosing its conId once. */
  ibkrContracts: {
    input: z.object({ id: SeriesIdInput }).strict(),
    output: z.array(IbCandidateSchema),
  },
  /**
   * Changes a series' timeframe label as a job (read a partition at a time, in a worker): its id.
   * Refused at once when the timeframe is bad or the same, the new series exists, or a job writes either.
   */
  startRelabel: {
    input: z.object({ id: SeriesIdInput, timeframe: z.string().min(1).max(20) }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  /**
   * Gives a series another venue and/or symbol; refused (target_exists) when that series exists. A new
   * timeframe label is startRelabel's (a timeframe here is refused: relabel_is_a_job, timeframe_alone).
   */
  renameSeries: {
    input: z
      .object({
        id: SeriesIdInput,
        venue: z.string().max(100).optional(),
        symbol: z.string().max(100).optional(),
        /** A new timeframe label: only when every stored bar sits on its grid. */
        timeframe: z.string().max(20).optional(),
      })
      .strict()
      .refine((r) => r.venue !== undefined || r.symbol !== undefined || r.timeframe !== undefined, {
        message: 'give a venue, a symbol or a timeframe',
      }),
    output: RenameOutputSchema,
  },
  /** Checks every partition file's checksum and readability; bad files go to .quarantine. */
  startVerify: { input: Empty, output: z.object({ jobId: z.string() }) },
  /** Recreates every series manifest from its Parquet files. */
  startRebuild: { input: Empty, output: z.object({ jobId: z.string() }) },
  /** Dukascopy quote ticks of a span, and bars built from them, as a job (`barcat backfill DUKASCOPY:...`). */
  startTickBackfill: { input: TickBackfillStartSchema, output: z.object({ jobId: z.string() }) },
  listJobs: { input: Empty, output: z.array(JobViewSchema) },
  getSettings: { input: Empty, output: SettingsSchema },
  setSettings: { input: SettingsPatchSchema.strict(), output: SettingsSchema },
  createCatalog: { input: CatalogDirInput, output: CatalogInfoSchema },
  openCatalog: { input: CatalogDirInput, output: CatalogInfoSchema },
  loadSampleData: { input: Empty, output: z.object({ seriesIds: z.array(z.string()) }) },
  /** A provider's symbols matching a query, from its cached list (the engine `barcat symbols` uses). */
  searchSymbols: { input: SearchSymbolsInputSchema, output: SymbolSearchSchema },
  /** Adds a provider's symbol as a series and downloads its history as one backfill job (`barcat add`). */
  addSeries: { input: AddSeriesInputSchema, output: z.object({ id: z.string(), jobId: z.string() }) },
  /** Update to now or extend history, each series one backfill job, one after another (`barcat update`). */
  updateSeries: { input: UpdateSeriesInputSchema, output: z.array(UpdateOutcomeSchema) },
  /** Series out of the catalog into a folder, as a job (the same engine as `barcat export`). */
  startExport: { input: StartExportSchema, output: z.object({ jobId: z.string() }) },
  /** Event windows into a sealed Parquet lake, as a job (the same engine as `barcat export windows`). */
  startWindowsExport: { input: StartWindowsExportSchema, output: z.object({ jobId: z.string() }) },
  /** Re-hashes a lake and checks its seal and coverage (the same engine as `barcat export verify`). */
  verifyExport: { input: VerifyExportSchema, output: VerifyExportResultSchema },
  /** The catalog's schedules (from its shared settings file) with next run, last outcome and back-off. */
  listSchedules: {
    input: Empty,
    output: z.object({ schedules: z.array(ScheduleViewSchema), groups: z.array(GroupSchema) }),
  },
  /** Adds a schedule (id made from the target) or replaces the rule of the one with `id`; due ones run soon. */
  setSchedule: {
    input: z
      .object({ id: z.string().max(64).optional(), target: ScheduleTargetSchema, rule: ScheduleRuleSchema })
      .strict(),
    output: ScheduleViewSchema,
  },
  removeSchedule: { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: Empty },
  /** Saves a group (a saved filter) and its schedule in one edit; with `id`, that group schedule is changed. */
  setGroupSchedule: {
    input: z
      .object({ id: z.string().max(64).optional(), group: GroupSchema, rule: ScheduleRuleSchema })
      .strict(),
    output: ScheduleViewSchema,
  },
  /** Removes a group schedule and its group (unless another schedule updates that group), in one edit. */
  removeGroupSchedule: {
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ groupRemoved: z.boolean() }),
  },
  /** Failures that repeat: parked backfill ranges and schedules failing run after run. */
  listDeadLetters: { input: Empty, output: z.array(DeadLetterSchema) },
  /** Retries every dead letter now, as one job. */
  retryDeadLetters: { input: Empty, output: z.object({ jobId: z.string() }) },
  /** The live generation and the ones kept for undo, newest first, with what wrote each. */
  seriesHistory: {
    input: z.object({ id: SeriesIdInput }).strict(),
    output: z.object({ generations: z.array(GenerationViewSchema) }),
  },
  /** Takes back the series' last write (every generation of its job); refused: nothing_to_undo. */
  undoLastWrite: { input: z.object({ id: SeriesIdInput }).strict(), output: UndoReportSchema },
  /** Moves a series into the catalog's trash (restorable until the trash is emptied). */
  deleteSeries: { input: z.object({ id: SeriesIdInput }).strict(), output: TrashEntrySchema },
  listTrash: { input: Empty, output: z.array(TrashEntrySchema) },
  restoreFromTrash: {
    input: z.object({ trashId: z.string().min(1).max(300) }).strict(),
    output: TrashEntrySchema,
  },
  /** Deletes trashed series for good: the one named, or all. */
  emptyTrash: {
    input: z.object({ trashId: z.string().min(1).max(300).optional() }).strict(),
    output: z.array(TrashEntrySchema),
  },
  /** A series' quality findings with ids, open or reviewed (recomputed as needed). */
  seriesFindings: { input: z.object({ id: SeriesIdInput }).strict(), output: SeriesFindingsSchema },
  reviewFinding: {
    input: z
      .object({
        id: SeriesIdInput,
        findingId: z.string().min(1).max(40),
        note: z.string().trim().min(1).max(2000),
      })
      .strict(),
    output: SeriesFindingsSchema,
  },
  unreviewFinding: {
    input: z.object({ id: SeriesIdInput, findingId: z.string().min(1).max(40) }).strict(),
    output: SeriesFindingsSchema,
  },
  /** Drops a finding's bars as one undoable write, kept in the series' quarantine with the reason. */
  dropFinding: {
    input: z
      .object({
        id: SeriesIdInput,
        findingId: z.string().min(1).max(40),
        reason: z.string().max(2000).optional(),
      })
      .strict(),
    output: SeriesFindingsSchema.extend({ dropped: z.number() }),
  },
  /** Fetches a finding's range from the series' provider: both versions side by side, nothing written. */
  refetchCompare: {
    input: z.object({ id: SeriesIdInput, findingId: z.string().min(1).max(40) }).strict(),
    output: RefetchComparisonSchema,
  },
  /** Writes the provider's bars of a comparison (overwrite of its range, undoable). */
  refetchAccept: {
    input: z.object({ token: z.string().min(1).max(100) }).strict(),
    output: SeriesFindingsSchema.extend({
      write: z.object({ added: z.number(), replaced: z.number(), removed: z.number() }),
    }),
  },
  refetchDiscard: { input: z.object({ token: z.string().min(1).max(100) }).strict(), output: z.object({}) },
  /** Connects to a database (password from the environment, never in the URL) and names it. */
  testDbConnection: {
    input: z.object({ url: z.string().min(1).max(2000) }).strict(),
    output: z.object({ target: z.string() }),
  },
  /** The plan of an import from a database and its first rows, read as the import will read them. */
  previewDbImport: { input: DbSourceInputSchema, output: DbImportPreviewSchema },
  /** Migrates a table or query into the open catalog as a job (resumable; parity checked at the end). */
  startDbImport: { input: DbImportStartSchema, output: z.object({ jobId: z.string() }) },
  /** One read-only SQL statement over the catalog's views (DuckDB); at most maxRows rows come back. */
  runSql: {
    input: z
      .object({
        sql: z.string().min(1).max(100_000),
        maxRows: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    output: z.object({
      columns: z.array(z.string()),
      rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
      truncated: z.boolean(),
    }),
  },
  /** What `barcat health` reports: staleness in session time, failed updates, stalled jobs, locks. */
  healthReport: { input: Empty, output: HealthReportSchema },
  /** A series' own health settings: its allowed lag (null: the default) and its notifications. */
  setSeriesHealth: {
    input: z
      .object({
        id: SeriesIdInput,
        maxLagMs: z.number().int().positive().nullable().optional(),
        notify: z.boolean().nullable().optional(),
      })
      .strict(),
    output: z.object({ maxLagMs: z.number().int().optional(), notify: z.boolean().optional() }),
  },
} as const;

export const events = {
  /** Series whose data or availability changed; the renderer re-queries what it shows. */
  seriesChanged: { payload: z.object({ ids: z.array(z.string()) }) },
  /** Stored quality results of these series were refreshed (their listed findings count may differ). */
  qualityChanged: { payload: z.object({ ids: z.array(z.string()) }) },
  jobProgress: {
    // The progress fields of the job's view, sent between full views (applyProgress writes them there).
    payload: z.object({
      jobId: z.string(),
      ...JobViewSchema.pick({ done: true, total: true, ratePerSec: true, etaMs: true }).shape,
    }),
  },
  jobChanged: { payload: z.object({ job: JobViewSchema }) },
  /** The open catalog was switched or created. */
  catalogChanged: { payload: CatalogInfoSchema },
  /** A schedule was set, removed or ran (its state was saved); the renderer re-queries listSchedules. */
  schedulesChanged: { payload: z.object({}) },
  /**
   * A series with notifications on went stale or its update failed (once per new problem); the
   * web page shows it with the browser's Notification API, the Electron shell with its own.
   */
  healthAlert: { payload: z.object({ series: z.string(), problem: HealthProblemSchema }) },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type EventName = keyof typeof events;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type ParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.infer<Commands[K]['output']>;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]['payload']>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/** The IPC channel of a command or event; prefixed so nothing else on the bus collides. */
export const channelOf = (name: CommandName | EventName): string => `barcat:${name}`;

/** The typed client every transport provides: one method per command, one subscription per event. */
export type BarcatApi = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>>;
};
export type BarcatEvents = {
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
};

/** Turns zod issues into one readable sentence, e.g. `pixels: must be at least 1`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? `${i.path.join('.')}: ` : '';
      return `${where}${i.message}`;
    })
    .join('; ');
}
