import { readFileSync } from 'node:fs';
import path from 'node:path';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { filesUnder, filesWithBytes } from '../../helpers/files-under';
import { minuteBars, T0 } from '../catalog/helpers';

/** A temp folder for the whole file (removed after it); read it inside hooks and tests. */
export { tempDirAll as workFolder } from '../catalog/helpers';
export { filesUnder, filesWithBytes };

const SERIES_DIR = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';
const MANIFEST = 'manifests/BINANCE~BTCUSDT~1m.json';

/** The series' partition files byte for byte, and the manifest's partitions and checked-empty ranges. */
export function seriesState(catalog: string, seriesDir = SERIES_DIR, manifest = MANIFEST) {
  const m = JSON.parse(readFileSync(path.join(catalog, manifest), 'utf8'));
  return {
    files: filesWithBytes(path.join(catalog, seriesDir)),
    partitions: m.partitions,
    checkedEmpty: m.checkedEmpty,
  };
}

export function manifestOf(catalog: string, manifest = MANIFEST) {
  return JSON.parse(readFileSync(path.join(catalog, manifest), 'utf8'));
}

/** What verify reports for a healthy catalog of n partition files. */
export function cleanVerify(n: number) {
  return { partitionsChecked: n, ok: n, quarantined: [], brokenManifests: [], unlisted: [] };
}

/**
 * The catalog at `dir` (created), open, after two imports into `key`: `a` minutes from T0 (prices from
 * 100), then `b` from T0 + `at` minutes (from 200).
 */
export async function catalogWithTwoImports(dir: string, key: SeriesKey, a: number, at: number, b: number) {
  const c = await openCatalog(dir);
  await c.write(key, batchFromBars(minuteBars(T0, a, 100)), 'merge', { source: 'import:a' });
  await c.write(key, batchFromBars(minuteBars(T0 + at * MINUTE, b, 200)), 'merge', { source: 'import:b' });
  return c;
}
