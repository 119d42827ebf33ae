import { stat } from 'node:fs/promises';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { compareTimeframes, type Timeframe } from '../../../src-shared/domain/timeframe';
import { requireCalendar } from '../calendars/index';
import {
  type BarBatch,
  type Catalog,
  checkKey,
  concatBatches,
  notFound,
  type PartitionEntry,
  readManifest,
  sliceBatch,
} from '../catalog/index';
import { overviewShares } from './overview-share';
import { type Overview, overviewPath, readOverview, writeOverview } from './overview-store';
import { resampleProblem } from './resample';

/**
 * Coarser bars kept per series for whole-history views. UTC hours and days never cross a partition
 * (a month, a year or a day), so each partition's share is resampled on its own and kept until its
 * file changes.
 */
export const OVERVIEW_LEVELS: readonly Timeframe[] = ['1h', '1d'];

/** The overview levels a series of this timeframe has: those coarser that hold whole bars of it. */
export function overviewLevels(tf: Timeframe): Timeframe[] {
  return OVERVIEW_LEVELS.filter((l) => compareTimeframes(l, tf) > 0 && resampleProblem(tf, l) === undefined);
}

/** The coarsest level whose bars resample exactly to `resolution` (the fewest bars to read); undefined if none. */
export function levelFor(tf: Timeframe, resolution: Timeframe): Timeframe | undefined {
  return overviewLevels(tf)
    .filter((l) => resampleProblem(l, resolution) === undefined)
    .at(-1);
}

export interface OverviewRefresh {
  /** Null for a series with no levels (its own bars are already coarse). */
  overview: Overview | null;
  /** Partitions resampled this time (their file changed since the stored overview). */
  partitionsRebuilt: number;
  /** Why the overview could not be stored (a read-only catalog); it is rebuilt next time. */
  notStored?: string;
}

const isCurrent = (o: Overview, generation: number, parts: readonly PartitionEntry[]) =>
  o.generation === generation &&
  o.parts.length === parts.length &&
  o.parts.every((p, i) => p.key === parts[i]!.key && p.sha256 === parts[i]!.sha256);

/**
 * Brings a series' overview up to date with its manifest and stores it: partitions whose file hash
 * is the stored one keep their bars, the others are read one partition at a time and resampled in
 * overview workers (UTC buckets, partial buckets kept, as the chart resamples): a first build never
 * holds the whole series, nor reads it on the calling thread.
 */
export async function refreshOverview(catalog: Catalog, key: SeriesKey): Promise<OverviewRefresh> {
  const k = checkKey(key);
  const manifest = await readManifest(catalog.dir, k);
  if (!manifest) throw notFound(catalog.dir, k);
  const levels = overviewLevels(k.timeframe);
  if (levels.length === 0) return { overview: null, partitionsRebuilt: 0 };
  const parts = [...manifest.partitions].sort((a, b) => a.minTs - b.minTs);
  const stored = await readOverview(catalog.dir, k);
  if (stored && stored.levels.join() === levels.join() && isCurrent(stored, manifest.generation, parts))
    return { overview: stored, partitionsRebuilt: 0 };
  // The stored bars of each partition, per level, by its file hash.
  const kept = new Map<string, BarBatch[]>();
  if (stored && stored.levels.join() === levels.join()) {
    const at = levels.map(() => 0);
    for (const p of stored.parts) {
      const share = levels.map((_, l) => sliceBatch(stored.bars[l]!, at[l]!, at[l]! + p.counts[l]!));
      levels.forEach((_, l) => {
        at[l] = at[l]! + p.counts[l]!;
      });
      kept.set(`${p.key}|${p.sha256}`, share);
    }
  }
  // Checked here, so an unknown calendar fails the view before any worker starts.
  requireCalendar(manifest.calendar, catalog.dir);
  const shares: BarBatch[][] = parts.map((p) => kept.get(`${p.key}|${p.sha256}`) ?? []);
  const missing = parts.flatMap((_, i) => (shares[i]!.length === 0 ? [i] : []));
  const built = await overviewShares(
    catalog,
    missing.map((i) => ({
      dir: catalog.dir,
      key: k,
      from: parts[i]!.minTs,
      to: parts[i]!.maxTs + 1,
      levels,
      calendar: manifest.calendar,
    })),
  );
  missing.forEach((i, j) => {
    shares[i] = built[j]!;
  });
  const rebuilt = missing.length;
  const overview: Overview = {
    format: 1,
    series: seriesId(k),
    generation: manifest.generation,
    levels,
    parts: parts.map((p, i) => ({ key: p.key, sha256: p.sha256, counts: shares[i]!.map((s) => s.length) })),
    bars: levels.map((_, l) => concatBatches(shares.map((s) => s[l]!))),
  };
  // A write that committed while the partitions were read may have given them newer bars than the
  // hashes say (an undo could bring those hashes back): such an overview serves this view only.
  const now = await readManifest(catalog.dir, k);
  if (now?.generation !== manifest.generation)
    return { overview, partitionsRebuilt: rebuilt, notStored: 'the series was written meanwhile' };
  // Derived data: a failure to store it (a read-only catalog) never fails the view that asked.
  const notStored = await writeOverview(catalog.dir, k, overview).then(
    () => undefined,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
  return { overview, partitionsRebuilt: rebuilt, ...(notStored === undefined ? {} : { notStored }) };
}

/**
 * After a write: an overview the series already has is brought up to date (only the partitions
 * written are read); a series without one gets it from its first whole-history view instead, so
 * imports never pay for overviews nobody looked at. Null when there is none.
 */
export async function refreshKeptOverview(catalog: Catalog, key: SeriesKey): Promise<OverviewRefresh | null> {
  if (!(await stat(overviewPath(catalog.dir, checkKey(key))).catch(() => null))) return null;
  return refreshOverview(catalog, key);
}
