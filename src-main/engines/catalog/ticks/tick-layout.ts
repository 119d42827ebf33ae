import path from 'node:path';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { DAY_US } from '../../../../src-shared/domain/timeframe';

/**
 * Where ticks live in a catalog folder (hive-partitioned, so DuckDB reads ticks/ as one table):
 *   ticks/venue=V/symbol=S/kind=quotes|trades/date=YYYY-MM-DD/gN-K.parquet   (N = write generation,
 *                                                                              K = chunk of a busy day)
 *   tick-manifests/V~S~KIND.json                                                one manifest per series
 */
export const TICKS_DIR = 'ticks';
export const TICK_MANIFESTS_DIR = 'tick-manifests';

/** A day's ticks are cut into files of at most this many rows, so no write holds a whole busy day. */
export const TICKS_PER_FILE = 1_000_000;

export function tickSeriesDir(root: string, key: TickKey): string {
  return path.join(root, TICKS_DIR, `venue=${key.venue}`, `symbol=${key.symbol}`, `kind=${key.kind}`);
}

export function tickDayDir(root: string, key: TickKey, date: string): string {
  return path.join(tickSeriesDir(root, key), `date=${date}`);
}

export function tickManifestPath(root: string, key: TickKey): string {
  return path.join(root, TICK_MANIFESTS_DIR, `${key.venue}~${key.symbol}~${key.kind}.json`);
}

export function tickFileName(generation: number, chunk: number): string {
  return `g${generation}-${chunk}.parquet`;
}

const TICK_FILE_RE = /^g(\d+)-(\d+)\.parquet$/;

/** Parses our own tick file names; undefined for anything else (never ours to touch). */
export function parseTickFileName(name: string): { generation: number; chunk: number } | undefined {
  const m = TICK_FILE_RE.exec(name);
  return m ? { generation: Number(m[1]), chunk: Number(m[2]) } : undefined;
}

const DATE_DIR_RE = /^date=(\d{4}-\d{2}-\d{2})$/;

export function parseDayDirName(name: string): string | undefined {
  return DATE_DIR_RE.exec(name)?.[1];
}

/** The UTC day (YYYY-MM-DD) of a time in µs. */
export function tickDate(tsUs: number): string {
  return new Date(Math.floor(tsUs / 1000)).toISOString().slice(0, 10);
}

/** [from, to) of a UTC day in µs. */
export function dayBoundsUs(date: string): { from: number; to: number } {
  const from = Date.parse(`${date}T00:00:00Z`) * 1000;
  return { from, to: from + DAY_US };
}
