import { z } from 'zod';
import { BAR_VALUE_COLUMNS } from './bar';
import { ConflictModeSchema, OhlcvSchema } from './bar-schema';
import { ImportFileStatusSchema, ImportProblemSchema, ProblemCountsSchema } from './import-problem';
import { IntervalSchema } from './range';
import { TimeframeSchema } from './timeframe-schema';

// A problem and a file's status live in import-problem.ts: a job file's view (job-view.ts) needs only
// them, and the catalog loads it in every command (`barcat list` builds none of the import's schemas).
export {
  type ImportFileStatus,
  ImportFileStatusSchema,
  type ImportProblem,
  ImportProblemSchema,
} from './import-problem';

/** Bar fields a CSV column can be mapped to. `ts` is a single timestamp column; `date`+`time` a split one. */
export const BAR_FIELDS = ['ts', 'date', 'time', ...BAR_VALUE_COLUMNS] as const;
export const BarFieldSchema = z.enum(BAR_FIELDS);
export type BarField = z.infer<typeof BarFieldSchema>;

/** Field -> 0-based column index. A split timestamp uses `date` and `time` instead of `ts`. */
export const ColumnMappingSchema = z.partialRecord(BarFieldSchema, z.number().int().min(0).max(4095));
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/**
 * How a timestamp column is written. `auto` detects; epoch units are per file by magnitude.
 * `ymd`: ISO-like year first (any separators); `dmy`/`mdy`: numeric day/month first.
 */
export const TimestampFormatSchema = z.enum([
  'auto',
  'iso',
  'ymd',
  'dmy',
  'mdy',
  'compact',
  'epoch_s',
  'epoch_ms',
  'epoch_us',
  'epoch_ns',
  'month_name',
]);
export type TimestampFormat = z.infer<typeof TimestampFormatSchema>;

export const DateOrderSchema = z.enum(['DMY', 'MDY']);
export type DateOrder = z.infer<typeof DateOrderSchema>;

export const PRESET_NAMES = [
  'yahoo',
  'binance-spot',
  'binance-futures',
  'metatrader4',
  'metatrader5',
  'ninjatrader',
  'tradingview',
  'dukascopy',
  'histdata',
  'stooq',
  'finam',
] as const;
export const PresetNameSchema = z.enum(PRESET_NAMES);
export type PresetName = z.infer<typeof PresetNameSchema>;

export const ErrorPolicySchema = z.enum(['reject', 'skip']);
/** reject: any invalid row rejects the whole file (default); skip: bad rows are dropped and counted. */
export type ErrorPolicy = z.infer<typeof ErrorPolicySchema>;

/** Everything the caller may decide instead of the detector; omitted fields are detected. */
export const ImportOverridesSchema = z
  .object({
    preset: PresetNameSchema.optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    hasHeader: z.boolean().optional(),
    mapping: ColumnMappingSchema.optional(),
    timestampFormat: TimestampFormatSchema.optional(),
    dateOrder: DateOrderSchema.optional(),
    /** IANA zone for naive timestamps (default UTC). Ignored for values that carry an offset. */
    tz: z.string().min(1).max(64).optional(),
    /** The app's zone for naive timestamps when neither `tz` nor the chosen preset gives one. */
    defaultTz: z.string().min(1).max(64).optional(),
    /** Lines before the header or first row to skip (banners); detected when omitted. */
    skipLines: z.number().int().min(0).max(10_000).optional(),
    /** Prices use a decimal comma (`15,95`); detected when omitted. */
    decimalComma: z.boolean().optional(),
    /** Trading calendar stored with the series (the series' own, else the venue's, when omitted). */
    calendar: z.string().min(1).max(64).optional(),
    /** The vendor stamps bars with their end time: shift intraday bars back by one bar. */
    endStamped: z.boolean().optional(),
    venue: z.string().min(1).max(64).optional(),
    symbol: z.string().min(1).max(64).optional(),
    timeframe: TimeframeSchema.optional(),
    /** File-name pattern for folder imports, e.g. `{SYMBOL}-{TF}-{YYYY}-{MM}`. */
    namePattern: z.string().max(200).optional(),
    /** Longest line read as a row (default 1 MiB); longer lines are reported and left out. */
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .max(2 ** 30)
      .optional(),
  })
  .strict();
export type ImportOverrides = z.infer<typeof ImportOverridesSchema>;

/** Where a detected value came from, most trusted first. */
export const ValueSourceSchema = z.enum(['user', 'preset', 'file-name', 'data', 'default']);
export type ValueSource = z.infer<typeof ValueSourceSchema>;

/** Another column mapping the importer may choose when most sampled rows fail under the detected one. */
export const MappingKindSchema = z.enum([
  'detected',
  'prices_reordered',
  'shifted_right',
  'shifted_left',
  'by_position',
]);
export type MappingKind = z.infer<typeof MappingKindSchema>;

/** Most sampled rows failed the bar rules under the detected mapping: what was tried and chosen. */
export const MappingFallbackSchema = z.object({
  tried: z.array(
    z.object({ kind: MappingKindSchema, mapping: ColumnMappingSchema, validRows: z.number().int() }),
  ),
  /** The mapping used; null when none passes (the file is refused). */
  chosen: MappingKindSchema.nullable(),
  /** Sampled rows that pass under the chosen mapping, of all sampled rows. */
  validRows: z.number().int(),
  of: z.number().int(),
});
export type MappingFallback = z.infer<typeof MappingFallbackSchema>;

const PreviewBarSchema = z.object({ ts: z.number(), ...OhlcvSchema.shape });

export const ImportPreviewSchema = z.object({
  file: z.string(),
  bytes: z.number().int(),
  /** Whether the file can be imported as bars at all (false for tick files, unreadable text). */
  ok: z.boolean(),
  /** Why not, when ok is false. */
  reason: z.string().nullable(),
  format: z.object({
    delimiter: z.string(),
    hasHeader: z.boolean(),
    /** Lines skipped before the header (banners). */
    skipLines: z.number().int(),
    bom: z.boolean(),
    decimalComma: z.boolean(),
    timestampFormat: TimestampFormatSchema,
    preset: PresetNameSchema.nullable(),
  }),
  columns: z.array(z.string()),
  mapping: ColumnMappingSchema,
  /** 0..1: how sure the detector is about the mapping (1 = every field matched by name). */
  confidence: z.number().min(0).max(1),
  /** Columns not mapped to any field (reported, not imported). */
  ignoredColumns: z.array(z.string()),
  tz: z.string(),
  tzSource: ValueSourceSchema,
  endStamped: z.boolean(),
  series: z.object({
    venue: z.string().nullable(),
    symbol: z.string().nullable(),
    timeframe: TimeframeSchema.nullable(),
    sources: z.object({
      venue: ValueSourceSchema.nullable(),
      symbol: ValueSourceSchema.nullable(),
      timeframe: ValueSourceSchema.nullable(),
    }),
    /** Disagreements between sources, e.g. the file name says 1h and the data say 1m. */
    conflicts: z.array(z.string()),
  }),
  inferredTimeframe: TimeframeSchema.nullable(),
  /** The date order needs a decision from the user (every sampled date fits both DD/MM and MM/DD). */
  dateOrderAmbiguous: z.boolean(),
  /** First rows as they will be stored (ts in ms UTC, after zone and end-stamp shifts). */
  rows: z.array(PreviewBarSchema),
  sampledRows: z.number().int(),
  issues: z.array(ImportProblemSchema),
  /** Set when the detected mapping failed most sampled rows and other mappings were tried. */
  mappingFallback: MappingFallbackSchema.nullable().optional(),
  /**
   * The trading calendar the series gets: the user's, the series' own when it exists, else the one
   * the bars suggest (weekday 09:30-16:00 New York: xnys; Sunday-Friday: fx; else 24x7).
   */
  calendar: z.string(),
  calendarSource: z.enum(['user', 'series', 'data']),
  /** [first bar, after the last bar) of the whole file as stored (its first rows and its tail). */
  span: IntervalSchema.nullable(),
  /**
   * Every decision of this preview pinned as overrides: an import run with them detects nothing
   * again, so it writes exactly what the preview showed.
   */
  plan: ImportOverridesSchema,
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportProgressSchema = z.object({
  file: z.string(),
  /** 0-based index of the file in the session, and the session's file count. */
  fileIndex: z.number().int(),
  files: z.number().int(),
  bytes: z.number(),
  totalBytes: z.number(),
  rows: z.number(),
  rowsPerSec: z.number(),
  /** Estimated ms to go for the session; null until it can be estimated. */
  etaMs: z.number().nullable(),
  phase: z.enum(['reading', 'writing', 'done']),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportFileResultSchema = z.object({
  file: z.string(),
  series: z.string().nullable(),
  status: ImportFileStatusSchema,
  rowsRead: z.number().int(),
  rowsWritten: z.number().int(),
  /** rowsWritten split: bars new to the series, and stored bars the file's bars replaced. */
  rowsAdded: z.number().int().default(0),
  rowsReplaced: z.number().int().default(0),
  /** Stored bars removed (overwrite: inside the file's span, absent from the file). */
  rowsRemoved: z.number().int().default(0),
  /** Rows not written because the catalog already had them (skip mode) or identical duplicates. */
  rowsSkipped: z.number().int(),
  rowsInvalid: z.number().int(),
  firstBar: z.number().nullable(),
  lastBar: z.number().nullable(),
  bytes: z.number().int(),
  ms: z.number(),
  /** The first 100 errors and the first 100 notes in full, and past them the first of each other rule. */
  problems: z.array(ImportProblemSchema),
  /** Count of every problem per rule (including those not in full). */
  problemCounts: ProblemCountsSchema,
  /** One sentence for rejected/failed/unchanged files. */
  message: z.string().nullable(),
});
export type ImportFileResult = z.infer<typeof ImportFileResultSchema>;

export const ImportStatusSchema = z.enum(['ok', 'partial', 'failed', 'cancelled']);
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

export const ImportSummarySchema = z.object({
  sessionId: z.string(),
  status: ImportStatusSchema,
  dryRun: z.boolean(),
  files: z.array(ImportFileResultSchema),
  rowsRead: z.number().int(),
  rowsWritten: z.number().int(),
  rowsSkipped: z.number().int(),
  rowsInvalid: z.number().int(),
  bytes: z.number().int(),
  ms: z.number(),
  /** Path of the audit record (null for dry runs). */
  auditFile: z.string().nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportRequestSchema = z.object({
  /** Files or folders; folders are walked (CSV/TXT files) and filtered by name pattern, years and months. */
  paths: z.array(z.string().min(1)).min(1),
  overrides: ImportOverridesSchema.optional(),
  mode: ConflictModeSchema.default('merge'),
  onError: ErrorPolicySchema.default('reject'),
  dryRun: z.boolean().default(false),
  force: z.boolean().default(false),
  /** Inclusive year and month ranges for folder imports, judged from the file name. */
  years: z.tuple([z.number().int(), z.number().int()]).optional(),
  months: z.tuple([z.number().int().min(1).max(12), z.number().int().min(1).max(12)]).optional(),
});
export type ImportRequest = z.input<typeof ImportRequestSchema>;
