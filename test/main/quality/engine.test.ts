import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import { refreshQuality, resultsPath } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { DAY } from '../../../src-shared/domain/timeframe';
import { catalogEach } from '../catalog/helpers';
import { grid, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const MONTHS = [0, 1, 2, 3, 4].map((m) => Date.UTC(2024, m, 1));

/** The real catalog, with its query counting the monthly partitions whose bars it returned. */
function counting(catalog: Catalog): { catalog: Catalog; reads: string[] } {
  const reads: string[] = [];
  const proxy = new Proxy(catalog, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return async (...args: Parameters<Catalog['query']>) => {
        const table = await target.query(...args);
        const ts = table.getChild('ts')!.toArray() as ArrayLike<number | bigint>;
        const months = new Set<string>();
        for (let i = 0; i < ts.length; i++) months.add(new Date(Number(ts[i])).toISOString().slice(0, 7));
        reads.push(...months);
        return table;
      };
    },
  });
  return { catalog: proxy, reads };
}

describe('quality results per series, recomputed incrementally', () => {
  let dir: string;
  let real: Catalog;
  // Two days at the start of each of five months: five monthly partitions.
  const opened = catalogEach('barcat-quality-', async (cat) => {
    for (const [m, start] of MONTHS.entries())
      await cat.write(KEY, walk(grid(start, 2 * 1440), m + 1), 'merge');
  });
  beforeEach(() => {
    ({ dir, cat: real } = opened());
  });

  it('keeps no results computed while the series was written: they answer that call only', async () => {
    // The first read of the refresh lets a write of March commit before it returns.
    let written = false;
    const racing = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<Catalog['query']>) => {
          const table = await target.query(...args);
          if (!written) {
            written = true;
            await target.write(KEY, walk(grid(MONTHS[2]! + 3 * DAY, 60), 7), 'merge');
          }
          return table;
        };
      },
    });
    const raced = await refreshQuality(racing, KEY);
    expect(raced).toMatchObject({ notCached: 'the series was written meanwhile', partitionsRecomputed: 5 });
    expect(() => readFileSync(resultsPath(dir, KEY))).toThrow(/ENOENT/);
    // The next refresh computes over the new generation and keeps it.
    const next = await refreshQuality(real, KEY);
    expect(next.notCached).toBeUndefined();
    expect(next.partitionsRecomputed).toBe(5);
  });

  it('reads only the partitions whose generation changed, with their neighbours, and stores results', async () => {
    const { catalog, reads } = counting(real);
    const first = await refreshQuality(catalog, KEY);
    expect(first).toMatchObject({
      partitionsRecomputed: 5,
      partitionsRead: 5,
      partitionsTotal: 5,
      findings: [],
    });
    expect(reads.splice(0)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);

    // Nothing written since: nothing read.
    expect(await refreshQuality(catalog, KEY)).toMatchObject({ partitionsRecomputed: 0, partitionsRead: 0 });
    expect(reads).toEqual([]);

    // A bad low written into January: January and February (whose windows reach back into January) are
    // recomputed, March is read for February's context.
    const bad = walk(grid(MONTHS[0]! + DAY, 1), 99);
    const jan = await real.query(KEY, { from: bad.ts[0]! - 60_000, to: bad.ts[0]! + 60_000 });
    const prevClose = Number(jan.getChild('close')!.get(0));
    bad.open[0] = prevClose;
    bad.close[0] = prevClose;
    bad.high[0] = prevClose;
    bad.low[0] = prevClose * 0.9;
    await real.write(KEY, bad, 'merge');
    const after = await refreshQuality(catalog, KEY);
    expect(after).toMatchObject({ partitionsRecomputed: 2, partitionsRead: 3 });
    expect(reads.splice(0)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(after.findings.map((f) => [f.check, new Date(f.from).toISOString(), f.field])).toEqual([
      ['spike', '2024-01-02T00:00:00.000Z', 'low'],
    ]);

    // An append to May: May and April are recomputed, March is read as April's context.
    await real.write(KEY, walk(grid(MONTHS[4]! + 3 * DAY, 60), 42), 'merge');
    expect(await refreshQuality(catalog, KEY)).toMatchObject({ partitionsRecomputed: 2, partitionsRead: 3 });
    expect(reads.splice(0)).toEqual(['2024-03', '2024-04', '2024-05']);

    // The stored file names each partition's generation; recomputing from scratch gives the same findings.
    const file = resultsPath(dir, KEY);
    expect(path.relative(dir, file)).toBe(path.join('quality', 'BINANCE~BTCUSDT~1m.json'));
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.partitions.map((p: { key: string; generation: number }) => [p.key, p.generation])).toEqual([
      ['2024-01', 6],
      ['2024-02', 2],
      ['2024-03', 3],
      ['2024-04', 4],
      ['2024-05', 7],
    ]);
    const incremental = (await refreshQuality(catalog, KEY)).findings;
    rmSync(file);
    const full = await refreshQuality(catalog, KEY);
    expect(full.partitionsRecomputed).toBe(5);
    expect(full.findings).toEqual(incremental);
  });

  it('recomputes everything when the settings change, and rewrites a damaged results file', async () => {
    await refreshQuality(real, KEY);
    const config = { defaults: { spikeK: 20 }, series: new Map() };
    expect(await refreshQuality(real, KEY, config)).toMatchObject({ partitionsRecomputed: 5 });
    expect(await refreshQuality(real, KEY, config)).toMatchObject({ partitionsRecomputed: 0 });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(resultsPath(dir, KEY), '{"format": 1, "series": ');
    expect(await refreshQuality(real, KEY, config)).toMatchObject({ partitionsRecomputed: 5 });
  });

  it('refuses a series the catalog does not have, naming it', async () => {
    await expect(refreshQuality(real, { ...KEY, symbol: 'ETHUSDT' })).rejects.toThrow(
      /series BINANCE:ETHUSDT:1m is not in the catalog/,
    );
  });
});
