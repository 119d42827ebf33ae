import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Interval } from '../../../src-shared/domain/range';

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
