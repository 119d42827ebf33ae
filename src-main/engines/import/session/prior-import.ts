import { promises as fs } from 'node:fs';
import type { ImportFileResult, ImportOverrides } from '../../../../src-shared/domain/import';
import { seriesId } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import {
  hashFile,
  ImportRegistry,
  type RegistryEntry,
  registryKey,
  unchangedMessage,
} from '../files/registry';
import { readSample } from '../read/read-file';
import { planFromSample, type ReadPlan } from '../read/read-plan';
import { emptyResult, mappingFingerprint, seriesOf } from './file-import';

/** What the registry knows of a big file before it is read: its earlier import, and its hash when taken. */
export interface PriorImport {
  entry?: RegistryEntry;
  /** Taken to compare with the registry: the import that follows need not hash the file again. */
  sha256?: string;
}

/**
 * Finds, before a big file is read through, that it was already imported: same path and size in
 * the registry, then the same bytes (one hash pass, ~0.2 s per 300 MB) and the same series and
 * mapping as its sample plans now. Anything else (moved, edited, other options) reads it as usual.
 */
export async function findPriorImport(
  file: string,
  bytes: number,
  overrides: ImportOverrides,
  registry: ImportRegistry,
  signal?: AbortSignal,
): Promise<PriorImport> {
  const candidates = registry.importsOf(file, bytes);
  if (candidates.length === 0) return {};
  const sample = await readSample(file);
  const plan = planFromSample(file, sample, overrides);
  if (plan.refusal) return {};
  const sha = await hashFile(file, signal);
  return { entry: matchingImport(candidates, sha, plan, overrides), sha256: sha };
}

/**
 * The earlier import of these bytes by this plan into its series, wherever the file was then (the
 * app uploads each dropped file to a new path): the preview tells the user that importing it again
 * changes nothing unless asked to.
 */
export async function earlierImport(
  catalogDir: string,
  file: string,
  plan: ImportOverrides,
): Promise<RegistryEntry | undefined> {
  const registry = await ImportRegistry.open(catalogDir);
  // Only a file of a size imported before is sampled and hashed: most previews stop at the stat.
  const candidates = registry.importsOfSize((await fs.stat(file)).size);
  if (candidates.length === 0) return undefined;
  const sample = await readSample(file);
  const readPlan = planFromSample(file, sample, plan);
  if (readPlan.refusal) return undefined;
  return matchingImport(candidates, await hashFile(file), readPlan, plan);
}

function matchingImport(
  candidates: RegistryEntry[],
  sha: string,
  plan: ReadPlan,
  overrides: ImportOverrides,
): RegistryEntry | undefined {
  for (const entry of candidates) {
    if (entry.sha256 !== sha) continue;
    // Same bytes infer the same timeframe from the data: the one recorded stands in for it.
    const timeframe = plan.timeframe.value ?? (entry.mapping.timeframe as Timeframe | null);
    const key = seriesOf({ plan, timeframe });
    if (typeof key === 'string') continue;
    const id = seriesId(key);
    if (
      id === entry.series &&
      registryKey(sha, id, mappingFingerprint({ plan, timeframe }, overrides)) === entry.key
    )
      return entry;
  }
  return undefined;
}

/** The result of a file found unchanged before it was read: nothing read, nothing written. */
export function priorImportResult(
  file: string,
  bytes: number,
  entry: RegistryEntry,
  ms: number,
): ImportFileResult {
  return {
    ...emptyResult(file, bytes),
    series: entry.series,
    status: 'unchanged',
    firstBar: entry.firstBar,
    lastBar: entry.lastBar,
    ms,
    message: unchangedMessage(file, entry.series, entry.importedAt),
  };
}
