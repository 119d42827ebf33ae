import { describe, expect, it } from 'vitest';
import { readResults, refreshQuality } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { DAY } from '../../../src-shared/domain/timeframe';
import { catalogEach } from '../catalog/helpers';
import { grid, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const MONTHS = [0, 1, 2, 3, 4].map((m) => Date.UTC(2024, m, 1));

describe('quality refresh after a write to one month', () => {
  const opened = catalogEach('barcat-quality-decodes-', async (catalog) => {
    for (const [m, start] of MONTHS.entries())
      await catalog.write(KEY, walk(grid(start, 2 * 1440), m + 1), 'merge');
  });

  it('decodes only that month again; its neighbours come from the read cache', async () => {
    // Decodes are the read cache's misses: what the catalog's reader really decoded, on the app's path.
    const catalog = opened().cat;
    const cache = catalog.readCache;
    await refreshQuality(catalog, KEY);
    expect([cache.misses, cache.hits]).toEqual([5, 0]);
    const before = (await readResults(catalog.dir, KEY))!.partitions.map((p) => [p.key, p.generation]);

    await catalog.write(KEY, walk(grid(MONTHS[2]! + 3 * DAY, 60), 9), 'merge');
    const after = await refreshQuality(catalog, KEY);
    // February to April are recomputed (their windows reach into March), January and May read as context ...
    expect(after).toMatchObject({ partitionsRecomputed: 3, partitionsRead: 5 });
    // ... but only March, the month written, is decoded again.
    expect([cache.misses, cache.hits]).toEqual([6, 4]);
    const stored = (await readResults(catalog.dir, KEY))!.partitions.map((p) => [p.key, p.generation]);
    expect(stored).toEqual(before.map(([k, g]) => [k, k === '2024-03' ? 6 : g]));

    // Nothing written since: nothing read or decoded.
    expect(await refreshQuality(catalog, KEY)).toMatchObject({ partitionsRecomputed: 0, partitionsRead: 0 });
    expect([cache.misses, cache.hits]).toEqual([6, 4]);
  });
});
