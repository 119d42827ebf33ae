import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { StoredFindingSchema } from '../../../src-shared/domain/series-views/findings';
import type { Equal, Same } from '../../../src-shared/type-equal';
import { catalogPath, checkKey, manifestFileName, QUALITY_DIR, writeFileAtomic } from '../catalog/index';
import { SettingsSchema } from './settings';
import { CHECKS, type Finding } from './types';

const RESULTS_FORMAT = 1;

const FindingSchema = StoredFindingSchema.extend({ check: z.enum(CHECKS) });
/** The checks' plain Finding (types.ts, zod-free) is what this parses: a field added to one is added to both. */
export type FindingIsStored = Same<Equal<z.infer<typeof FindingSchema>, Finding>>;

const PartitionResultSchema = z.object({
  key: z.string(),
  file: z.string(),
  /** The catalog generation that wrote the partition file (its .vN). */
  generation: z.number().int(),
  /** Files of the partition and its two neighbours: the checks read across both edges. */
  inputs: z.string(),
  findings: z.array(FindingSchema),
});
export type PartitionResult = z.infer<typeof PartitionResultSchema>;

const ResultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  series: z.string(),
  calendar: z.string(),
  settings: SettingsSchema,
  /** The series' manifest generation the results were computed on. */
  generation: z.number().int(),
  computedAt: z.number().int(),
  partitions: z.array(PartitionResultSchema),
});
export type QualityResults = z.infer<typeof ResultsSchema>;

/** CATALOG/quality/<the series' manifest file name>, built only from the validated key; refused outside the catalog. */
export function resultsPath(root: string, key: SeriesKey): string {
  return catalogPath(root, QUALITY_DIR, manifestFileName(checkKey(key)));
}

/**
 * Stored results, or undefined when absent or unreadable: they are derived data, recomputed in full
 * and rewritten when their file is damaged.
 */
export async function readResults(root: string, key: SeriesKey): Promise<QualityResults | undefined> {
  let text: string;
  try {
    text = await readFile(resultsPath(root, key), 'utf8');
  } catch (err) {
    // ENOTDIR: quality/ is a file; the results are then not cached (writing them warns).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
  try {
    const parsed = ResultsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic replace (temp file, fsync, rename), so a reader sees the old results or the new ones. */
export async function writeResults(root: string, key: SeriesKey, results: QualityResults): Promise<void> {
  await writeFileAtomic(resultsPath(root, key), `${JSON.stringify(results)}\n`);
}
