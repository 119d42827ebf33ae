import path from 'node:path';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { MINUTE, nominalMs, type Timeframe } from '../../../../src-shared/domain/timeframe';

/**
 * Where everything lives in a catalog folder:
 *   catalog.json                                   format marker
 *   bars/venue=V/symbol=S/timeframe=T/P.vN.parquet  data (P = 2024-01-31, 2024-01 or 2024; N = write generation)
 *   manifests/V~S~T.json                           one manifest per series (what listing reads)
 *   .quarantine/                                   files taken out of service by verify/rebuild, with notes
 *   .lock                                          the writer lock
 */
export const FORMAT_FILE = 'catalog.json';
export const BARS_DIR = 'bars';
export const MANIFESTS_DIR = 'manifests';
export const QUARANTINE_DIR = '.quarantine';
export const LOCK_FILE = '.lock';
/** Per-series quality results, one file per series named like its manifest (they follow a rename). */
export const QUALITY_DIR = 'quality';
/** Per-series overviews (coarser bars for whole-history charts, engines/resample/overview.ts): derived, never bars. */
export const OVERVIEW_DIR = ['cache', 'overview'] as const;
/** A series' overview file, named like its manifest (it follows a rename and a delete). */
export function overviewFileName(key: SeriesKey): string {
  return manifestFileName(key).replace(/\.json$/, '.bin');
}
export const TMP_SUFFIX = '.tmp';

/** A folder holding these entries is a catalog (catalog.json, or the layout of an older one). */
export function isCatalogFolder(entries: readonly string[]): boolean {
  return entries.includes(FORMAT_FILE) || entries.includes(BARS_DIR) || entries.includes(MANIFESTS_DIR);
}

// 1m and 1M (3m and 3M) would collide on case-insensitive file systems (macOS, Windows): months are
// stored as "1mo", "3mo".
export function timeframeDirName(tf: Timeframe): string {
  return tf.endsWith('M') ? `${tf.slice(0, -1)}mo` : tf;
}

export function timeframeFromDirName(name: string): string {
  return /^\d+mo$/.test(name) ? `${name.slice(0, -2)}M` : name;
}

export function seriesDir(root: string, key: SeriesKey): string {
  return path.join(
    root,
    BARS_DIR,
    `venue=${key.venue}`,
    `symbol=${key.symbol}`,
    `timeframe=${timeframeDirName(key.timeframe)}`,
  );
}

export function manifestFileName(key: SeriesKey): string {
  return `${key.venue}~${key.symbol}~${timeframeDirName(key.timeframe)}.json`;
}

export function manifestPath(root: string, key: SeriesKey): string {
  return path.join(root, MANIFESTS_DIR, manifestFileName(key));
}

/** Inverse of manifestFileName; undefined for foreign files. */
export function parseManifestFileName(
  name: string,
): { venue: string; symbol: string; timeframe: string } | undefined {
  const m = /^([^~]+)~([^~]+)~([^~]+)\.json$/.exec(name);
  if (!m) return undefined;
  return { venue: m[1]!, symbol: m[2]!, timeframe: timeframeFromDirName(m[3]!) };
}

/**
 * One file per day for bars shorter than a minute (1s: 86,400 rows, about 1.5 MB), per month from 1m
 * to under 5m (1m: 44,640 rows, about 0.8 MB), per year from 5m up (5m: 105,120 rows, about 1.9 MB). Files stay small enough to
 * rewrite on an append and large enough not to drown in per-file overhead (see docs/catalog.md).
 */
export type PartitionScheme = 'day' | 'month' | 'year';

export function partitionScheme(tf: Timeframe): PartitionScheme {
  // By bar length, so custom timeframes follow the same rule: seconds daily, 1-4 min monthly.
  const ms = nominalMs(tf);
  if (ms < MINUTE) return 'day';
  if (ms < 5 * MINUTE) return 'month';
  return 'year';
}

export function partitionKeyOf(ts: number, scheme: PartitionScheme): string {
  const d = new Date(ts);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  if (scheme === 'year') return y;
  const m = `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  if (scheme === 'month') return m;
  return `${m}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** [from, to) of a partition key (2024, 2024-01 or 2024-01-31). */
export function partitionBounds(key: string): { from: number; to: number } {
  const [y, m, d] = key.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (m === undefined) return { from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1) };
  if (d === undefined) return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) };
  return { from: Date.UTC(y, m - 1, d), to: Date.UTC(y, m - 1, d + 1) };
}

export function partitionFileName(partKey: string, generation: number): string {
  return `${partKey}.v${generation}.parquet`;
}

const PARTITION_FILE_RE = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\.v(\d+)\.parquet$/;

/** Parses our own partition file names; undefined for anything else (never ours to touch). */
export function parsePartitionFileName(name: string): { partKey: string; generation: number } | undefined {
  const m = PARTITION_FILE_RE.exec(name);
  if (!m) return undefined;
  return { partKey: m[1]!, generation: Number(m[2]) };
}

/** A temp name in the same folder as `target`, so the final rename is atomic. */
export function tempPathFor(target: string): string {
  const rand = Math.random().toString(36).slice(2, 10);
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${rand}${TMP_SUFFIX}`);
}

export function isOurTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TMP_SUFFIX);
}
