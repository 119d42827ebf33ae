import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BarSchema } from '../../../../src-shared/domain/bar-schema';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { FindingView as FindingViewShown } from '../../../../src-shared/domain/series-views/findings';
import type { Equal, Same } from '../../../../src-shared/type-equal';
import { catalogPath, checkKey, manifestFileName, writeFileAtomic } from '../../catalog/index';
import type { Finding } from '../types';

/**
 * A finding's id: a hash of what it is about (check, bars, field), so it stays the same across
 * recomputations and lets the CLI and the app name one finding (`barcat quality S review ID`).
 */
export function findingId(f: Pick<Finding, 'check' | 'from' | 'to' | 'field'>): string {
  return createHash('sha1')
    .update(`${f.check}|${f.from}|${f.to}|${f.field ?? ''}`)
    .digest('hex')
    .slice(0, 10);
}

/** The finding a review or a drop is about: its id, its check and the bars it covers. */
const DecidedFindingSchema = z.object({
  id: z.string(),
  check: z.string(),
  from: z.number(),
  to: z.number(),
});

const ReviewSchema = DecidedFindingSchema.extend({ note: z.string(), at: z.number().int() });
export type Review = z.infer<typeof ReviewSchema>;

/** Bars a drop took out of the series: the per-series quarantine, with the reason (undo puts them back). */
const DroppedSchema = DecidedFindingSchema.extend({
  reason: z.string(),
  /** The catalog generation the drop committed: undoing it removes this record. */
  generation: z.number().int(),
  at: z.number().int(),
  bars: z.array(BarSchema),
});
export type Dropped = z.infer<typeof DroppedSchema>;

const RecordsSchema = z.object({
  format: z.literal(1),
  series: z.string(),
  reviews: z.array(ReviewSchema),
  dropped: z.array(DroppedSchema),
});
export type FixRecords = z.infer<typeof RecordsSchema>;

/** CATALOG/quality/fixes/<manifest file name>: unlike the results, these are the user's own decisions. */
export function fixesPath(root: string, key: SeriesKey): string {
  return catalogPath(root, 'quality', 'fixes', manifestFileName(checkKey(key)));
}

export async function readFixes(root: string, key: SeriesKey, series: string): Promise<FixRecords> {
  let text: string;
  try {
    text = await readFile(fixesPath(root, key), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { format: 1, series, reviews: [], dropped: [] };
    throw err;
  }
  return RecordsSchema.parse(JSON.parse(text));
}

export async function writeFixes(root: string, key: SeriesKey, records: FixRecords): Promise<void> {
  await writeFileAtomic(fixesPath(root, key), `${JSON.stringify(records)}\n`);
}

/** A finding as fixes show it: its id, and open or reviewed (with the note). */
export interface FindingView extends Finding {
  id: string;
  status: 'open' | 'reviewed';
  note?: string;
}
/** It is the app's FindingViewSchema with the check narrowed to the known codes (store.ts ties Finding's). */
export type FindingViewIsShown = Same<Equal<Omit<FindingView, 'check'>, Omit<FindingViewShown, 'check'>>>;

export function viewFindings(findings: readonly Finding[], records: FixRecords): FindingView[] {
  const reviewed = new Map(records.reviews.map((r) => [r.id, r]));
  return findings.map((f) => {
    const id = findingId(f);
    const r = reviewed.get(id);
    return r ? { ...f, id, status: 'reviewed', note: r.note } : { ...f, id, status: 'open' };
  });
}
