// The zod schema of a bars manifest: what a manifest file must hold. The read paths check manifests by
// hand (manifest-check.ts, proved to accept the same); this schema words what they refuse, and parses
// where a manifest is read synchronously (verify, the sweep, history).
import { z } from 'zod';
import { IbkrSeriesSchema } from '../../../../src-shared/domain/ibkr';
import { CheckedEmptySchema } from '../../../../src-shared/domain/range';
import { normalizePart, partProblem } from '../../../../src-shared/domain/series';
import { TimeframeSchema } from '../../../../src-shared/domain/timeframe-schema';
import { BarcatError } from '../../../plumbing/errors';
import { parsePartitionFileName } from './layout';
import { agreesWithFileName, MANIFEST_FORMAT, type Manifest, parseManifestJson } from './manifest';

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

export const QuarantineEntrySchema = z.object({
  file: z.string(),
  movedTo: z.string(),
  reason: z.string(),
  at: z.number().int(),
  lostFrom: z.number(),
  lostTo: z.number(),
});

/** The last committed write: who, when, how, and (since undo) what it changed; undo notes the generations it took back. */
export const LastWriteSchema = z.object({
  at: z.number().int(),
  source: z.string(),
  mode: z.string(),
  counts: z
    .object({ added: z.number().int(), replaced: z.number().int(), removed: z.number().int() })
    .optional(),
  undo: z.object({ at: z.number().int(), generations: z.array(z.number().int()) }).optional(),
});

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

/** A manifest of its file's text, or the CORRUPT error that names the first thing wrong in it. */
export function parseManifest(text: string, file: string): Manifest {
  const json = parseManifestJson(text, file);
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BarcatError(
      'CORRUPT',
      `manifest ${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}; run "barcat rebuild" to recreate it`,
    );
  }
  return agreesWithFileName(parsed.data, file);
}
