import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under dir (relative, sorted) with its bytes: what "byte for byte" compares. */
export function filesWithBytes(dir: string, rel = ''): Record<string, string> {
  if (!existsSync(path.join(dir, rel))) return {};
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) Object.assign(out, filesWithBytes(dir, r));
    else out[r] = readFileSync(path.join(dir, r)).toString('base64');
  }
  return out;
}

/** Every file under dir, relative, sorted. */
export function filesUnder(dir: string): string[] {
  return Object.keys(filesWithBytes(dir));
}

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
