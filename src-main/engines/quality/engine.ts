import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { requireCalendar } from '../calendars/index';
import type { Catalog } from '../catalog/index';
import {
  checkKey,
  notFound,
  type PartitionEntry,
  parsePartitionFileName,
  readManifest,
} from '../catalog/index';
import type { PieceRequest } from './check-piece';
import { CHECK_THREADS, checkPieces } from './check-pool';
import { EMPTY_CONFIG, type QualityConfig, settingsFor } from './settings';
import { type PartitionResult, type QualityResults, readResults, writeResults } from './store';
import type { Finding } from './types';

export interface QualityReport {
  series: string;
  results: QualityResults;
  /** Every finding of the series, by time. */
  findings: Finding[];
  /** Partitions recomputed this time, and partitions read for it (those plus their neighbours). */
  partitionsRecomputed: number;
  partitionsRead: number;
  partitionsTotal: number;
  /** Why the results could not be stored (they are recomputed next time); absent when stored. */
  notCached?: string;
}

export interface RefreshOptions {
  /** Partitions per piece, cut by count (tests); by default cut by rows (see splitRun). */
  piecePartitions?: number;
  /** Overrides WORKER_CHECK_MIN_ROWS (tests use small series). */
  workerMinRows?: number;
  /** Recompute every partition, stored results or not (`barcat quality --refresh`). */
  recompute?: boolean;
}

// Partitions per piece on average at least (pieces are cut by rows, so a dense one may be shorter):
// fewer, and reading each piece's two neighbours again costs too much.
const MIN_PIECE = 6;
// Pieces per thread: the worker that frees first takes the next (check-pool.ts), so a slow one holds up only itself.
const PIECES_PER_THREAD = 2;

function inputsOf(parts: readonly PartitionEntry[], i: number): string {
  return [parts[i - 1]?.file ?? '', parts[i]!.file, parts[i + 1]?.file ?? ''].join('|');
}

/**
 * A run of partitions to recompute cut into pieces the threads share: a few per thread, so one slow
 * piece does not hold the rest up, yet long enough that the neighbours read again stay a small part.
 * Cut where the rows reach each equal share, not by partition count: a series with sparse early
 * years and dense later ones gives pieces of about equal work. `size` (tests) cuts by count.
 */
function splitRun(parts: readonly PartitionEntry[], a: number, b: number, size?: number): [number, number][] {
  const out: [number, number][] = [];
  if (size !== undefined) {
    for (let i = a; i <= b; i += size) out.push([i, Math.min(b, i + size - 1)]);
    return out;
  }
  const count = Math.min(PIECES_PER_THREAD * CHECK_THREADS, Math.ceil((b - a + 1) / MIN_PIECE));
  let total = 0;
  for (let i = a; i <= b; i++) total += parts[i]!.rows;
  let start = a;
  let rows = 0;
  // The last partition always ends the last piece, so no piece is empty.
  for (let i = a; i < b && out.length < count - 1; i++) {
    rows += parts[i]!.rows;
    if (rows * count >= total * (out.length + 1)) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, b]);
  return out;
}

/** Maximal runs [a, b] of consecutive true entries. */
function runsOf(flags: readonly boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) continue;
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/**
 * Brings a series' quality results up to date and stores them: only partitions whose file (the
 * generation that wrote it) or whose neighbours' files changed since the stored results are read
 * again, each with its neighbours as context, since windows and runs look across partition edges.
 * A change of calendar or settings, or `recompute`, recomputes everything. Stored results of the
 * manifest's generation with every partition reused are returned as they are, nothing written; a
 * generation that moved with the same files stores them again under it.
 */
export async function refreshQuality(
  catalog: Catalog,
  key: SeriesKey,
  config: QualityConfig = EMPTY_CONFIG,
  opts: RefreshOptions = {},
): Promise<QualityReport> {
  const k = checkKey(key);
  const manifest = await readManifest(catalog.dir, k);
  if (!manifest) throw notFound(catalog.dir, k);
  const calendar = requireCalendar(manifest.calendar, catalog.dir);
  const settings = settingsFor(k, calendar.name, config);
  const parts = [...manifest.partitions].sort((a, b) => a.minTs - b.minTs);
  const stored = await readResults(catalog.dir, k);
  const reusable =
    stored &&
    !opts.recompute &&
    stored.calendar === calendar.name &&
    JSON.stringify(stored.settings) === JSON.stringify(settings)
      ? new Map(stored.partitions.map((p) => [p.key, p]))
      : new Map<string, PartitionResult>();
  const results: PartitionResult[] = parts.map((p, i) => {
    const old = reusable.get(p.key);
    const inputs = inputsOf(parts, i);
    const generation = parsePartitionFileName(p.file)?.generation ?? 0;
    return old && old.inputs === inputs
      ? old
      : { key: p.key, file: p.file, generation, inputs, findings: [] };
  });
  const dirty = results.map((r, i) => r !== reusable.get(parts[i]!.key));
  const runs = runsOf(dirty).flatMap(([a, b]) => splitRun(parts, a, b, opts.piecePartitions));
  const reads = runs.map(([a, b]) => [Math.max(0, a - 1), Math.min(parts.length - 1, b + 1)] as const);
  const pieces: PieceRequest[] = reads.map(([lo, hi]) => ({
    dir: catalog.dir,
    key: k,
    calendar: calendar.name,
    settings,
    range: { from: parts[lo]!.minTs, to: parts[hi]!.maxTs + 1 },
    partitions: parts.slice(lo, hi + 1),
  }));
  let rows = 0;
  for (const [lo, hi] of reads) for (let i = lo; i <= hi; i++) rows += parts[i]!.rows;
  const found = await checkPieces(catalog, pieces, rows, opts.workerMinRows);
  runs.forEach(([a, b], r) => {
    // Each finding belongs to the partition holding its first bar; the context partitions keep theirs.
    const end = parts[b + 1]?.minTs ?? Number.POSITIVE_INFINITY;
    for (const f of found[r]!) {
      if ((a > 0 && f.from < parts[a]!.minTs) || f.from >= end) continue;
      let i = a;
      while (i < b && f.from >= parts[i + 1]!.minTs) i++;
      results[i]!.findings.push(f);
    }
  });
  const partitionsRead = reads.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
  const report = {
    series: seriesId(k),
    findings: results.flatMap((r) => r.findings),
    partitionsRecomputed: dirty.filter(Boolean).length,
    partitionsRead,
    partitionsTotal: parts.length,
  };
  // Stored results of this very generation, every partition reused: they stand as they are (no
  // write, their computedAt kept), so a look at current results writes nothing to the catalog.
  if (
    stored &&
    stored.generation === manifest.generation &&
    runs.length === 0 &&
    reusable.size === parts.length
  )
    return { ...report, results: stored };
  const out: QualityResults = {
    format: 1,
    series: seriesId(k),
    calendar: calendar.name,
    settings,
    generation: manifest.generation,
    computedAt: Date.now(),
    partitions: results,
  };
  // A write that committed while the pieces were read may have given them newer bars than the
  // stored inputs say: such findings answer this call only and are not kept (the next refresh is).
  const now = await readManifest(catalog.dir, k);
  // Results are a cache: a failure to store them (a read-only catalog, quality/ unwritable) never fails the check.
  const notCached =
    now?.generation !== manifest.generation
      ? 'the series was written meanwhile'
      : await writeResults(catalog.dir, k, out).then(
          () => undefined,
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        );
  return { ...(notCached === undefined ? {} : { notCached }), ...report, results: out };
}
