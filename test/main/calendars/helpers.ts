import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocBatch, sortedUnique, validateBatch } from '../../../src-main/engines/catalog/batch';
import { emptyManifest, type Manifest } from '../../../src-main/engines/catalog/disk/manifest';
import { computeAvailability } from '../../../src-main/engines/catalog/read/availability';
import { coveredRuns, pairsToIntervals } from '../../../src-main/engines/catalog/read/coverage';
import type { SessionCalendar } from '../../../src-main/engines/catalog/types';
import type { Interval } from '../../../src-shared/domain/range';
import type { Timeframe } from '../../../src-shared/domain/timeframe';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const realDataDir = path.resolve(repoRoot, '../shared/testdata/real');

export const DAY = 86_400_000;
export const MIN = 60_000;

/** ms UTC of an ISO timestamp or date ("2024-03-10", "2024-03-10T21:00Z"). */
export function t(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** YYYY-MM-DD of a day number (days since 1970-01-01 UTC). */
export function formatIsoDate(day: number): string {
  return iso(day * DAY).slice(0, 10);
}

/** Intervals as ISO strings, so a failing assertion reads like a schedule. */
export function show(intervals: readonly Interval[]): string[] {
  return intervals.map((r) => `${iso(r.from)} -> ${iso(r.to)}`);
}

/** Dates (YYYY-MM-DD) of a real vendor CSV, read from one column with a date formatter. */
export function realCsvDates(file: string, column: number, toIsoDate: (cell: string) => string): string[] {
  const lines = readFileSync(path.join(realDataDir, file), 'utf8').split(/\r?\n/).slice(1);
  return lines.filter((l) => l.trim() !== '').map((l) => toIsoDate(l.split(',')[column]!.trim()));
}

/** One bar start per step in [from, to). */
export function grid(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x < to; x += step) out.push(x);
  return out;
}

/** Bar times as the catalog's write path keeps them: validated, sorted, one bar per timestamp. */
function written(ts: Float64Array, timeframe: Timeframe): Float64Array {
  const batch = allocBatch(ts.length);
  batch.ts.set(ts);
  validateBatch(batch, timeframe);
  return sortedUnique(batch).ts;
}

/** The covered runs the catalog records in a partition's manifest entry for these bars. */
export function coveredIntervals(ts: Float64Array, timeframe: Timeframe): Interval[] {
  return pairsToIntervals(coveredRuns(written(ts, timeframe), timeframe));
}

/** A manifest whose one partition holds these bars, as the catalog records it after writing them. */
export function manifestWith(
  calendar: SessionCalendar,
  timeframe: Timeframe,
  ts: Float64Array,
  checkedEmpty: readonly Interval[] = [],
): Manifest {
  const bars = written(ts, timeframe);
  const manifest = emptyManifest({ venue: 'TEST', symbol: 'BARS', timeframe }, calendar.name);
  if (bars.length > 0)
    manifest.partitions.push({
      key: 'all',
      file: 'all.v1.parquet',
      minTs: bars[0]!,
      maxTs: bars[bars.length - 1]!,
      rows: bars.length,
      bytes: 0,
      sha256: '',
      writtenAt: 0,
      rowGroups: [],
      covered: coveredRuns(bars, timeframe),
      extraColumns: [],
    });
  manifest.checkedEmpty = checkedEmpty.map((r) => ({ ...r, provider: 'test', checkedAt: 0 }));
  return manifest;
}

/** The gaps the app and `barcat gaps` report for these bars under `calendar` (computeAvailability). */
export function catalogGaps(
  calendar: SessionCalendar,
  range: Interval,
  timeframe: Timeframe,
  ts: Float64Array,
  checkedEmpty: readonly Interval[] = [],
): Interval[] {
  const manifest = manifestWith(calendar, timeframe, ts, checkedEmpty);
  return computeAvailability(manifest, { range, calendar }).gaps.map(({ from, to }) => ({ from, to }));
}
