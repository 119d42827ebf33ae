import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Catalog } from '../../../src-main/engines/catalog/index';
import {
  checkedInWorkers,
  type Finding,
  type QualityReport,
  refreshQuality,
} from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';

// The month borders of the per-partition quality tests: four monthly partitions around them.
export const FEB = Date.UTC(2024, 1, 1);
export const MAR = Date.UTC(2024, 2, 1);
export const APR = Date.UTC(2024, 3, 1);
export const iso = (t: number) => new Date(t).toISOString();
/** Each finding as [check, from, to, bars, field or run length]. */
export const summary = (fs: Finding[]) =>
  fs.map((f) => [f.check, iso(f.from), iso(f.to), f.bars, f.field ?? f.values.runBars ?? null]);

/**
 * The quality of the four partitions of `key` checked with each partition its own worker piece;
 * checks the findings are, value for value, those of one read of the whole series on this thread.
 */
export async function piecesLikeWhole(catalog: Catalog, dir: string, key: SeriesKey): Promise<QualityReport> {
  const before = checkedInWorkers.pieces;
  const pieces = await refreshQuality(catalog, key, undefined, { piecePartitions: 1, workerMinRows: 0 });
  expect(checkedInWorkers.pieces - before).toBe(4);
  rmSync(path.join(dir, 'quality'), { recursive: true, force: true });
  const whole = await refreshQuality(catalog, key, undefined, { workerMinRows: Number.POSITIVE_INFINITY });
  expect(whole.partitionsRead).toBe(4);
  expect(pieces.findings).toEqual(whole.findings);
  return pieces;
}
