import { z } from 'zod';
import { IntervalSchema } from '../range';
import { TimeframeSchema } from '../timeframe-schema';

/** Every format `barcat export` and the app's Export dialog write; docs/export.md gives each layout. */
export const EXPORT_FORMATS = [
  'csv',
  'parquet',
  'metatrader',
  'ninjatrader',
  'tradingview',
  'amibroker',
] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/**
 * The app's Export dialog: series (ids) out of the catalog into a folder the user names (the web host
 * has no save dialog), one file per series, as the CLI's `barcat export ... --out DIR` writes them.
 */
export const StartExportSchema = z
  .object({
    series: z.array(z.string().min(1).max(200)).min(1).max(1000),
    range: IntervalSchema.optional(),
    /** Resample to this timeframe first (UTC-aligned buckets). */
    timeframe: TimeframeSchema.optional(),
    format: ExportFormatSchema,
    /** IANA zone of wall-clock times in formats without offsets; UTC when absent. */
    tz: z.string().min(1).max(64).optional(),
    /** An absolute folder outside the catalog; made when missing. Existing files are never replaced. */
    folder: z.string().min(1).max(1000),
  })
  .strict();
export type StartExport = z.infer<typeof StartExportSchema>;

/**
 * An event-window lake (`barcat export windows`) as an app job: events file (and series map) paths
 * the host may read (the web host: uploaded files only), a window of bars, a new or empty folder.
 */
export const StartWindowsExportSchema = z
  .object({
    events: z.string().min(1).max(4096),
    pre: z.number().int().min(0).max(100_000),
    post: z.number().int().min(0).max(100_000),
    timeframe: TimeframeSchema.optional(),
    seriesMap: z.string().min(1).max(4096).optional(),
    folder: z.string().min(1).max(1000),
  })
  .strict();
export type StartWindowsExport = z.infer<typeof StartWindowsExportSchema>;

/** `barcat export verify DIR` from the app: an absolute folder holding a lake. */
export const VerifyExportSchema = z.object({ folder: z.string().min(1).max(1000) }).strict();
export type VerifyExport = z.infer<typeof VerifyExportSchema>;

/** What verify found: one line per difference, each naming its file (none: the export is as sealed). */
export const VerifyExportResultSchema = z.object({
  problems: z.array(z.string()),
  files: z.number().int(),
  rows: z.number().int(),
  events: z.number().int(),
  seal: z.string().nullable(),
});
export type VerifyExportResult = z.infer<typeof VerifyExportResultSchema>;
