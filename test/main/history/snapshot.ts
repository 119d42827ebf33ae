import { readFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder, filesWithBytes } from '../../helpers/files-under';

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
