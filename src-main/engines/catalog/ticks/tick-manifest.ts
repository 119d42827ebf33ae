import { z } from 'zod';
import { CheckedEmptySchema } from '../../../../src-shared/domain/range';
import {
  type TickKey,
  TickKeySchema,
  TickKindSchema,
  tickSeriesId,
} from '../../../../src-shared/domain/tick-key';
import { BarcatError } from '../../../plumbing/errors';
import { commitManifestFile, readManifestText } from '../disk/manifest';
import { QuarantineEntrySchema } from '../disk/manifest-schema';
import { parseTickFileName, tickManifestPath } from './tick-layout';

export const TICK_MANIFEST_FORMAT = 1;

const TickFileSchema = z.string().refine((f) => parseTickFileName(f) !== undefined, {
  message: 'is not a tick file name (like g3-0.parquet)',
});

/** One tick file: a day's ticks, or one chunk of a busy day's (chunks of a day follow in time). */
export const TickFileEntrySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  file: TickFileSchema,
  rows: z.number().int(),
  /** First and last tick time, µs UTC. */
  minTs: z.number(),
  maxTs: z.number(),
  bytes: z.number().int(),
  sha256: z.string(),
  writtenAt: z.number().int(),
  /** Optional columns present in the file (bid_size, ask_size, side, id). */
  columns: z.array(z.string()),
});
export type TickFileEntry = z.infer<typeof TickFileEntrySchema>;

export const TickManifestSchema = z.object({
  format: z.literal(TICK_MANIFEST_FORMAT),
  series: z.string(),
  venue: z.string(),
  symbol: z.string(),
  kind: TickKindSchema,
  calendar: z.string(),
  /** Increases with every committed write; files carry the generation that wrote them. */
  generation: z.number().int(),
  files: z.array(TickFileEntrySchema),
  lastWrite: z.object({ at: z.number().int(), source: z.string() }).nullable(),
  /** Ranges (ms) a provider found without ticks (an empty hour): no gap there. Default: none. */
  checkedEmpty: z.array(CheckedEmptySchema).default([]),
  /** Files (date/file) superseded by the last commit; deleted right after it or by the next write. */
  pendingDelete: z.array(z.string()),
  quarantined: z.array(QuarantineEntrySchema),
});
export type TickManifest = z.infer<typeof TickManifestSchema>;

export function emptyTickManifest(key: TickKey, calendar: string): TickManifest {
  return {
    format: TICK_MANIFEST_FORMAT,
    series: tickSeriesId(key),
    venue: key.venue,
    symbol: key.symbol,
    kind: key.kind,
    calendar,
    generation: 0,
    files: [],
    checkedEmpty: [],
    lastWrite: null,
    pendingDelete: [],
    quarantined: [],
  };
}

export function parseTickManifest(text: string, file: string): TickManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BarcatError('CORRUPT', `tick manifest ${file} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = TickManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BarcatError(
      'CORRUPT',
      `tick manifest ${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const m = parsed.data;
  // Venue and symbol become folder names: they must be the normalized, checked ones.
  const key = TickKeySchema.safeParse(m);
  if (
    !key.success ||
    key.data.venue !== m.venue ||
    key.data.symbol !== m.symbol ||
    m.series !== tickSeriesId(m)
  )
    throw new BarcatError('CORRUPT', `tick manifest ${file} names an invalid series (${m.series})`);
  return m;
}

export async function readTickManifest(root: string, key: TickKey): Promise<TickManifest | undefined> {
  const file = tickManifestPath(root, key);
  const text = await readManifestText(root, file);
  return text === undefined ? undefined : parseTickManifest(text, file);
}

/** Atomic replace: the manifest switch is the commit point of every tick write. */
export function writeTickManifest(root: string, m: TickManifest): Promise<void> {
  return commitManifestFile(root, tickManifestPath(root, m), m);
}
