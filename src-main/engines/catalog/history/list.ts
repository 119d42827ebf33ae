import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { Manifest } from '../disk/manifest';
import { entryFiles, entryGenerations, readEntry } from './store';

/** One generation of a series as `barcat history` and the app list it: what wrote it and what it holds. */
export interface GenerationView {
  generation: number;
  /** The live generation (the manifest's); the others are kept for undo. */
  current: boolean;
  /** Who wrote it: `import:ID` gives kind import and job id ID; null for a series' empty start. */
  source: string | null;
  kind: string | null;
  jobId: string | null;
  at: number | null;
  mode: string | null;
  /** What the write did to the series (absent for writes made before Barcat counted them). */
  counts: { added: number; replaced: number; removed: number } | null;
  /** Set when this state came back by an undo: when, and the generations it took back. */
  undo: { at: number; generations: number[] } | null;
  bars: number;
  partitions: number;
  /** For a kept generation: when the next write replaced it, and its files kept in the history folder. */
  replacedAt: number | null;
  keptFiles: number;
}

function viewOf(m: Manifest, current: boolean, replacedAt: number | null, keptFiles: number): GenerationView {
  const w = m.lastWrite;
  const [kind, ...rest] = w ? w.source.split(':') : [];
  return {
    generation: m.generation,
    current,
    source: w?.source ?? null,
    kind: kind ?? null,
    jobId: rest.length > 0 ? rest.join(':') : null,
    at: w?.at ?? null,
    mode: w?.mode ?? null,
    counts: w?.counts ?? null,
    undo: w?.undo ?? null,
    bars: m.partitions.reduce((n, p) => n + p.rows, 0),
    partitions: m.partitions.length,
    replacedAt,
    keptFiles,
  };
}

/** The live generation, then every kept one, newest first (the order undo takes them back in). */
export async function listHistory(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
): Promise<GenerationView[]> {
  const out = [viewOf(manifest, true, null, 0)];
  const gens = (await entryGenerations(root, key)).filter((g) => g <= manifest.generation).reverse();
  for (const g of gens) {
    const entry = await readEntry(root, key, g);
    out.push(viewOf(entry.previous, false, entry.replacedAt, (await entryFiles(root, key, g)).length));
  }
  return out;
}
