import path from 'node:path';
import { type SeriesKey, SeriesKeySchema } from '../../src-shared/domain/series';
import { BarcatError } from '../errors';
import { readDirSafe } from './fsutil';
import { insideCatalog } from './inside';
import { BARS_DIR, seriesDir, timeframeFromDirName } from './layout';

/**
 * Series folders under bars/ whose names form a valid series key. A folder that resolves outside
 * the catalog (a symlink) is never entered: it is listed in `outside` with the reason.
 */
export async function seriesOnDisk(
  root: string,
): Promise<{ keys: SeriesKey[]; outside: { key: SeriesKey; reason: string }[] }> {
  const keys: SeriesKey[] = [];
  const outside: { key: SeriesKey; reason: string }[] = [];
  const bars = path.join(root, BARS_DIR);
  for (const v of await readDirSafe(bars)) {
    if (!v.startsWith('venue=')) continue;
    for (const s of await readDirSafe(path.join(bars, v))) {
      if (!s.startsWith('symbol=')) continue;
      for (const t of await readDirSafe(path.join(bars, v, s))) {
        if (!t.startsWith('timeframe=')) continue;
        const parsed = SeriesKeySchema.safeParse({
          venue: v.slice(6),
          symbol: s.slice(7),
          timeframe: timeframeFromDirName(t.slice(10)),
        });
        if (!parsed.success) continue;
        try {
          insideCatalog(root, seriesDir(root, parsed.data));
          keys.push(parsed.data);
        } catch (err) {
          if (!(err instanceof BarcatError)) throw err;
          outside.push({ key: parsed.data, reason: err.message });
        }
      }
    }
  }
  return { keys, outside };
}
