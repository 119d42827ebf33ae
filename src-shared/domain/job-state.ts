// A job's kind and state and what a verify or rebuild found: the part of the job domain a job file's view
// (job-view.ts) needs, apart from job.ts's requests and jobs so that reading the catalog builds none of those.
import { z } from 'zod';
import { IntervalSchema } from './range';

/** Every kind of job the app runs; the one definition (the contract's JobView uses it too). */
export const JobKindSchema = z.enum([
  'import',
  'backfill',
  'sample',
  'verify',
  'rebuild',
  'export',
  'schedule',
  'db-import',
  'tick-backfill',
  'relabel',
]);
export type JobKind = z.infer<typeof JobKindSchema>;

/** A job's state; `parked` is done with failures set aside for a retry. */
export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'parked']);
export type JobState = z.infer<typeof JobStateSchema>;

/** Catalog maintenance jobs the app runs in a worker thread (the CLI's `barcat verify` / `barcat rebuild`). */
export const MaintenanceKindSchema = z.enum(['verify', 'rebuild']);
export type MaintenanceKind = z.infer<typeof MaintenanceKindSchema>;

/** Why verify or rebuild took a file out of service, as a code the UI words. */
export const QuarantineCodeSchema = z.enum([
  'unreadable',
  'checksum-mismatch',
  'not-parquet',
  'row-count-differs',
  'time-span-differs',
  'older-duplicate',
  'bad-manifest',
]);
export type QuarantineCode = z.infer<typeof QuarantineCodeSchema>;

/** One file verify or rebuild took out of service; paths are relative to the catalog folder. */
export const QuarantinedFileSchema = z.object({
  /** Series id, or null when rebuild could not tell (a file outside any valid series folder). */
  series: z.string().nullable(),
  file: z.string(),
  movedTo: z.string(),
  reason: z.string(),
  /** The bars lost from availability (now a gap); null when the file was not in a manifest. */
  lostRange: IntervalSchema.nullable(),
  /** `reason` as a code, and the partition's period (2024-02); absent in jobs saved before them. */
  code: QuarantineCodeSchema.optional(),
  period: z.string().optional(),
});
export type QuarantinedFile = z.infer<typeof QuarantinedFileSchema>;

/** What a verify or rebuild job found and did, kept with the job so the panel can show it later. */
export const MaintenanceResultSchema = z.object({
  kind: MaintenanceKindSchema,
  /** Series with a readable manifest (verify), or series folders whose manifest was recreated (rebuild). */
  series: z.number().int(),
  /** Partition files read. */
  partitionsChecked: z.number().int(),
  /** Of those, the ones in service afterwards. */
  ok: z.number().int(),
  /** The first MAX_QUARANTINED_LISTED of them; each file's reason is also in its .why.txt note. */
  quarantined: z.array(QuarantinedFileSchema),
  /** All files quarantined (absent in jobs saved before it was added: then quarantined.length). */
  quarantinedTotal: z.number().int().optional(),
  /** Manifests that could not be read, one line each (verify; "Rebuild manifests" recreates them). */
  brokenManifests: z.array(z.string()),
  manifestsWritten: z.number().int(),
  /** Series whose availability changed (files quarantined, manifest recreated differently). */
  seriesChanged: z.array(z.string()),
  /** Cancelled: it stopped between partitions, leaving every manifest consistent. */
  stopped: z.boolean(),
});
export type MaintenanceResult = z.infer<typeof MaintenanceResultSchema>;

/** A badly damaged catalog can quarantine thousands of files: a job keeps this many of them listed. */
export const MAX_QUARANTINED_LISTED = 1000;
