import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../src-main/engines/catalog/index';
import { checkedInWorkers, refreshQuality } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { tempDir } from '../catalog/helpers';
import { APR, FEB, grid, iso, MAR, plantStale, summary, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };

describe('quality pieces in worker threads, stitched at partition borders', () => {
  let dir: string;
  let cleanup: () => void;
  let catalog: Catalog;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir('barcat-quality-pieces-'));
    catalog = await openCatalog(dir);
    // One random walk over the day around each month border: four monthly partitions, continuous across each border.
    const times = [FEB, MAR, APR].flatMap((border) => grid(border - DAY, 2 * 1440));
    const b = walk(times, 3);
    const at = (t: number) => times.indexOf(t);
    // A stuck feed across the January/February border: 3 bars in January, 4 in February.
    plantStale(b, at(FEB - 3 * MINUTE), at(FEB + 4 * MINUTE));
    // A bad low on the first bar of March (its bar before is February's last) ...
    b.low[at(MAR)] = b.low[at(MAR)]! * 0.9;
    // ... and on the last bar of March, which reverts on April's first bar.
    b.low[at(APR - MINUTE)] = b.low[at(APR - MINUTE)]! * 0.9;
    await catalog.write(KEY, b, 'merge');
  });
  afterEach(async () => {
    await catalog.close();
    cleanup();
  });

  it('finds runs and spikes that span a border when every partition is its own piece in a worker', async () => {
    const before = checkedInWorkers.pieces;
    const pieces = await refreshQuality(catalog, KEY, undefined, { piecePartitions: 1, workerMinRows: 0 });
    expect(checkedInWorkers.pieces - before).toBe(4);
    expect(pieces).toMatchObject({ partitionsRecomputed: 4, partitionsTotal: 4, partitionsRead: 10 });
    expect(summary(pieces.findings)).toEqual([
      ['stale_run', iso(FEB - 3 * MINUTE), iso(FEB), 3, 7],
      ['stale_run', iso(FEB), iso(FEB + 4 * MINUTE), 4, 7],
      ['spike', iso(MAR), iso(MAR + MINUTE), 1, 'low'],
      ['spike', iso(APR - MINUTE), iso(APR), 1, 'low'],
    ]);
    expect(pieces.findings.at(-1)!.values).toMatchObject({ revertedBars: 1 });

    // The same findings, value for value, as one read of the whole series on this thread.
    rmSync(path.join(dir, 'quality'), { recursive: true, force: true });
    const whole = await refreshQuality(catalog, KEY, undefined, { workerMinRows: Number.POSITIVE_INFINITY });
    expect(whole.partitionsRead).toBe(4);
    expect(pieces.findings).toEqual(whole.findings);
  });
});
