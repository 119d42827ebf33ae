import { describe, expect, it } from 'vitest';
import type { FolderCatalog } from '../../../../src-main/engines/catalog/catalog';
import { arrowToBatch, openCatalog } from '../../../../src-main/engines/catalog/index';
import { tableBytes } from '../../../../src-main/engines/catalog/read/decoded-cache';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { closeAfterEach } from '../../../helpers/close-after';
import { minuteBatch, tempDir } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const START = Date.UTC(2024, 0, 1);
const ROWS = 91 * 1440; // 2024-01-01 .. 2024-03-31: three monthly partitions
// Closed after each test last opened first: every catalog (awaited) before the folder it lives in.
const opened = closeAfterEach();

async function catalogWithBars(opts: { readCacheMb?: number } = {}) {
  const t = opened(tempDir('barcat-read-cache-'), (t) => t.cleanup());
  const cat = opened((await openCatalog(t.dir, opts)) as FolderCatalog, (c) => c.close());
  await cat.write(KEY, minuteBatch(START, ROWS), 'merge');
  return { cat, dir: t.dir };
}

describe('cache of decoded partitions', () => {
  it('answers the same bars as an uncached read, from the cache on the repeat', async () => {
    const { cat, dir } = await catalogWithBars();
    const uncached = opened((await openCatalog(dir, { readCacheMb: 0 })) as FolderCatalog, (c) => c.close());
    const expected = arrowToBatch(await uncached.query(KEY, undefined));
    expect(uncached.readCache.hits + uncached.readCache.misses).toBe(0);

    const first = arrowToBatch(await cat.query(KEY, undefined));
    expect(cat.readCache).toMatchObject({ hits: 0, misses: 3, size: 3 });
    const again = arrowToBatch(await cat.query(KEY, undefined));
    expect(cat.readCache).toMatchObject({ hits: 3, misses: 3 });
    for (const b of [first, again]) {
      expect(b.length).toBe(ROWS);
      for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const)
        expect(Array.from(b[c])).toEqual(Array.from(expected[c]));
    }
    // A range inside one partition is sliced from that partition's own cached row groups.
    const day = { from: START + 40 * 1440 * MINUTE, to: START + 41 * 1440 * MINUTE };
    const dayBars = arrowToBatch(await cat.query(KEY, day));
    expect(dayBars.length).toBe(1440);
    expect(dayBars.ts[0]).toBe(day.from);
  });

  it('serves the new bars after an overwrite, never the cached old ones', async () => {
    const { cat } = await catalogWithBars();
    await cat.query(KEY, undefined);
    // February rewritten with other prices.
    const feb = Date.UTC(2024, 1, 1);
    await cat.write(KEY, minuteBatch(feb, 29 * 1440, 5000), 'overwrite');
    const after = arrowToBatch(await cat.query(KEY, { from: feb, to: Date.UTC(2024, 2, 1) }));
    expect(after.length).toBe(29 * 1440);
    expect(after.open[0]).toBe(5000);
    expect(after.open[100]).toBe(5001);
    const all = arrowToBatch(await cat.query(KEY, undefined));
    expect(all.length).toBe(ROWS);
    expect(all.open[0]).toBe(100);
    expect(all.open[31 * 1440]).toBe(5000);
  });

  it('after a rename, a new series under the old name reads its own bars, the renamed one the old', async () => {
    const { cat } = await catalogWithBars();
    const jan = { from: START, to: Date.UTC(2024, 1, 1) };
    await cat.query(KEY, jan);
    const renamed = await cat.renameSeries(KEY, { symbol: 'BTCOLD' });
    await cat.write(KEY, minuteBatch(START, 1440, 9000), 'merge');
    const fresh = arrowToBatch(await cat.query(KEY, jan));
    expect(fresh.length).toBe(1440);
    expect(fresh.open[0]).toBe(9000);
    const old = arrowToBatch(await cat.query(renamed, jan));
    expect(old.length).toBe(31 * 1440);
    expect(old.open[0]).toBe(100);
  });

  it('keeps its byte bound, evicting the least recently used partition', async () => {
    const { cat } = await catalogWithBars();
    const jan = { from: START, to: Date.UTC(2024, 1, 1) };
    const feb = { from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 2, 1) };
    const mar = { from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 3, 1) };
    const janBytes = tableBytes(await cat.query(KEY, jan));
    // Room for two months (January and February are the larger ones), not three.
    cat.readCache.resize((2.5 * janBytes) / (1024 * 1024));
    await cat.query(KEY, feb);
    await cat.query(KEY, jan); // January becomes the most recent
    expect(cat.readCache.size).toBe(2);
    await cat.query(KEY, mar); // evicts February, the least recently used
    expect(cat.readCache.size).toBe(2);
    expect(cat.readCache.bytes).toBeLessThanOrEqual(2.5 * janBytes);
    const hits = cat.readCache.hits;
    await cat.query(KEY, jan);
    expect(cat.readCache.hits).toBe(hits + 1);
    const misses = cat.readCache.misses;
    await cat.query(KEY, feb);
    expect(cat.readCache.misses).toBe(misses + 1);
  });

  it('is never shared across catalogs: a second catalog with the same series decodes its own files', async () => {
    const a = await catalogWithBars();
    const b = await catalogWithBars();
    await b.cat.write(KEY, minuteBatch(START, 1440, 7000), 'overwrite');
    await a.cat.query(KEY, undefined);
    const fromB = arrowToBatch(await b.cat.query(KEY, { from: START, to: START + 1440 * MINUTE }));
    expect(fromB.open[0]).toBe(7000);
    expect(b.cat.readCache.hits).toBe(0);
  });
});
