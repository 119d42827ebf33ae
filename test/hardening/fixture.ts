import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { batchFromBars, openCatalog } from '../../src-main/engines/catalog/index';
import type { Bar } from '../../src-shared/domain/bar';
import type { SeriesKey } from '../../src-shared/domain/series';
import { filesWithBytes } from '../helpers/files-under';
import { minuteBars } from '../main/catalog/helpers';

export const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
export const SERIES = 'BINANCE:BTCUSDT:1m';
export const SERIES_DIR = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';
export const MANIFEST = 'manifests/BINANCE~BTCUSDT~1m.json';
export const MARCH = Date.UTC(2024, 2, 1);

/** A catalog at `dir/cat` holding `bars` of BINANCE:BTCUSDT:1m, written through the Catalog API. */
export async function catalogWith(dir: string, bars: Bar[] = minuteBars(MARCH, 1000)): Promise<string> {
  const cat = path.join(dir, 'cat');
  const catalog = await openCatalog(cat);
  await catalog.write(KEY, batchFromBars(bars), 'merge');
  await catalog.close();
  return cat;
}

/** Rewrites the series' manifest through `edit`, as a hand edit would. */
export function editManifest(cat: string, edit: (m: Record<string, unknown>) => void, file = MANIFEST): void {
  const full = path.join(cat, file);
  const m = JSON.parse(readFileSync(full, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(full, JSON.stringify(m));
}

/** Every file below `dir` with its bytes, as relative path → base64: to prove nothing changed there. */
export const snapshot = filesWithBytes;
