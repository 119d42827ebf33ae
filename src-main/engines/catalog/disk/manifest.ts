import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IbkrSeriesSchema } from '../../../../src-shared/domain/ibkr';
import { CheckedEmptySchema } from '../../../../src-shared/domain/range';
import { normalizePart, partProblem, type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { TimeframeSchema } from '../../../../src-shared/domain/timeframe-schema';
import { BarcatError, parseJsonOr } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { crashPoint } from './crash-hook';
import { fsyncDir, writeTempFile } from './fsutil';
import { manifestPath, parseManifestFileName, parsePartitionFileName } from './layout';

export const MANIFEST_FORMAT = 1;

/** [from, to) pairs, compact on disk. */
const PairSchema = z.tuple([z.number(), z.number()]);

export const RowGroupEntrySchema = z.object({ rows: z.number().int(), minTs: z.number(), maxTs: z.number() });

/** A file name that is one of our partition files: never a path, so it cannot leave its folder. */
export const PartitionFileSchema = z.string().refine((f) => parsePartitionFileName(f) !== undefined, {
  message: 'is not a partition file name (like 2024-01.v3.parquet)',
});

export const PartitionEntrySchema = z
  .object({
    /** 2024-01 (monthly) or 2024 (yearly). */
    key: z.string(),
    /** File name inside the series folder. */
    file: PartitionFileSchema,
    minTs: z.number(),
    maxTs: z.number(),
    rows: z.number().int(),
    bytes: z.number().int(),
    /** sha256 of the file's bytes, hex. */
    sha256: z.string(),
    writtenAt: z.number().int(),
    /** Per-row-group time index: parquet-wasm exposes no statistics, so we keep our own. */
    rowGroups: z.array(RowGroupEntrySchema),
    /** Runs of consecutive bars on the timeframe grid, [from, to): what availability calls covered. */
    covered: z.array(PairSchema),
    /** Optional columns present in the file (trades, vwap). */
    extraColumns: z.array(z.string()).default([]),
  })
  .refine((p) => parsePartitionFileName(p.file)?.partKey === p.key, {
    message: 'file name does not belong to the partition key',
    path: ['file'],
  });

export type PartitionEntry = z.infer<typeof PartitionEntrySchema>;

export const QuarantineEntrySchema = z.object({
  file: z.string(),
  movedTo: z.string(),
  reason: z.string(),
  at: z.number().int(),
  lostFrom: z.number(),
  lostTo: z.number(),
});

/** The last committed write: who, when, how, and (since undo) what it changed; undo notes the generations it took back. */
const LastWriteSchema = z.object({
  at: z.number().int(),
  source: z.string(),
  mode: z.string(),
  counts: z
    .object({ added: z.number().int(), replaced: z.number().int(), removed: z.number().int() })
    .optional(),
  undo: z.object({ at: z.number().int(), generations: z.array(z.number().int()) }).optional(),
});
export type LastWrite = z.infer<typeof LastWriteSchema>;

const PartSchema = (what: 'venue' | 'symbol') =>
  z.string().superRefine((v, ctx) => {
    const problem =
      partProblem(v, what) ?? (normalizePart(v) === v ? undefined : `${what} "${v}" is not normalized`);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  series: z.string(),
  venue: PartSchema('venue'),
  symbol: PartSchema('symbol'),
  timeframe: TimeframeSchema,
  calendar: z.string(),
  /**
   * Provider the series is backfilled from; null: none; absent: the venue's default. Optional, so
   * older code reads manifests that carry it.
   */
  provider: z.string().nullable().optional(),
  /** Interactive Brokers settings of the series (whatToShow, useRth, chosen conId, futures); with provider ibkr. */
  ibkr: IbkrSeriesSchema.optional(),
  /** Increases with every committed write; partition files carry the generation that wrote them. */
  generation: z.number().int(),
  partitions: z.array(PartitionEntrySchema),
  checkedEmpty: z.array(CheckedEmptySchema),
  lastWrite: LastWriteSchema.nullable().default(null),
  /** Files superseded by the last committed write; deleted right after the commit or on the next open. */
  pendingDelete: z.array(PartitionFileSchema).default([]),
  quarantined: z.array(QuarantineEntrySchema).default([]),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function emptyManifest(key: SeriesKey, calendar: string): Manifest {
  return {
    format: MANIFEST_FORMAT,
    series: seriesId(key),
    venue: key.venue,
    symbol: key.symbol,
    timeframe: key.timeframe,
    calendar,
    generation: 0,
    partitions: [],
    checkedEmpty: [],
    lastWrite: null,
    pendingDelete: [],
    quarantined: [],
  };
}

export function parseManifest(text: string, file: string): Manifest {
  const json = parseJsonOr(
    text,
    (reason) =>
      new BarcatError(
        'CORRUPT',
        `manifest ${file} is not valid JSON (${reason}); run "barcat rebuild" to recreate it from the Parquet files`,
      ),
  );
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BarcatError(
      'CORRUPT',
      `manifest ${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}; run "barcat rebuild" to recreate it`,
    );
  }
  const m = parsed.data;
  const named = parseManifestFileName(path.basename(file));
  const id = seriesId(m);
  // A manifest is found by its file name and written back under its content's: both must agree.
  if (m.series !== id || (named && seriesId(named as SeriesKey) !== id))
    throw new BarcatError(
      'CORRUPT',
      `manifest ${file} names series ${m.series} (venue ${m.venue}, symbol ${m.symbol}, timeframe ${m.timeframe}), which is not the series of its file name; run "barcat rebuild" to recreate it`,
    );
  return m;
}

/** A manifest file's text (checked inside the catalog), or undefined when there is none. */
export async function readManifestText(root: string, file: string): Promise<string | undefined> {
  insideCatalog(root, file);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The series' manifest, or undefined when the series has never been written. */
export async function readManifest(root: string, key: SeriesKey): Promise<Manifest | undefined> {
  const file = manifestPath(root, key);
  const text = await readManifestText(root, file);
  return text === undefined ? undefined : parseManifest(text, file);
}

/** Atomic replace of a manifest file (bars' or ticks'): the manifest switch is the commit point of every write. */
export async function commitManifestFile(root: string, target: string, manifest: unknown): Promise<void> {
  insideCatalog(root, target);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await writeTempFile(target, `${JSON.stringify(manifest)}\n`);
  crashPoint('manifest-temp-written');
  await fs.rename(tmp, target);
  await fsyncDir(path.dirname(target));
}

export async function writeManifest(root: string, manifest: Manifest): Promise<void> {
  const key = { venue: manifest.venue, symbol: manifest.symbol, timeframe: manifest.timeframe };
  await commitManifestFile(root, manifestPath(root, key), manifest);
}
