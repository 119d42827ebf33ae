import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tsInLimits } from '../../../../src-shared/domain/bar';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import type { BrokenSeries, SeriesSummary } from '../../../../src-shared/domain/series-views/availability';
import { insideCatalog } from '../../../plumbing/inside';
import { tsLimitsFromEnv } from '../bar-limits';
import { readDirSafe } from '../disk/fsutil';
import { MANIFESTS_DIR, parseManifestFileName } from '../disk/layout';
import { parseManifestText } from '../disk/manifest';
import type { SessionCalendar } from '../types';
import { computeAvailability, summaryOf } from './availability';

/** Every series that lists, and the ones left out with a reason code. */
export interface SeriesListing {
  series: SeriesSummary[];
  broken: BrokenSeries[];
}

/**
 * Lists every series from its manifest (never opening Parquet). One bad series never breaks the
 * listing: an unreadable manifest, bars outside the allowed years or a failing availability put it
 * in `broken` and the rest still list.
 */
export async function listSeriesFrom(
  root: string,
  opts: { calendar?: SessionCalendar } = {},
): Promise<SeriesListing> {
  const limits = tsLimitsFromEnv();
  const manifestsDir = path.join(root, MANIFESTS_DIR);
  // Once for the folder: a check per file would cost a syscall each on the listing's hot path.
  insideCatalog(root, manifestsDir);
  const names = (await readDirSafe(manifestsDir)).filter((n) => parseManifestFileName(n)).sort();
  const series: SeriesSummary[] = [];
  const broken: BrokenSeries[] = [];
  for (const name of names) {
    const file = path.join(manifestsDir, name);
    const id = seriesId(parseManifestFileName(name) as SeriesKey);
    const fail = (reason: BrokenSeries['reason'], err: unknown, span = {}) =>
      broken.push({ id, file, reason, ...span, detail: err instanceof Error ? err.message : String(err) });
    let manifest: Awaited<ReturnType<typeof parseManifestText>>;
    try {
      // Sync reads: for a thousand small files the promise API's per-file open/stat/read/close round
      // trips through the thread pool cost several times more than the reads themselves.
      manifest = await parseManifestText(readFileSync(file, 'utf8'), file);
    } catch (err) {
      fail('unreadable_manifest', err);
      continue;
    }
    let first: number | null = null;
    let last: number | null = null;
    for (const part of manifest.partitions) {
      if (first === null || part.minTs < first) first = part.minTs;
      if (last === null || part.maxTs > last) last = part.maxTs;
    }
    if ((first !== null && !tsInLimits(first, limits)) || (last !== null && !tsInLimits(last, limits))) {
      const years = `${limits.years[0]}-${limits.years[1]}`;
      fail('out_of_range', `bars outside the allowed years ${years}`, { first, last });
      continue;
    }
    try {
      series.push(summaryOf(computeAvailability(manifest, { calendar: opts.calendar, root })));
    } catch (err) {
      fail('availability_failed', err);
    }
  }
  series.sort((a, b) => a.id.localeCompare(b.id));
  return { series, broken };
}
