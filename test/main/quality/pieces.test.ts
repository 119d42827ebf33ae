import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { catalogEach } from '../catalog/helpers';
import { APR, FEB, iso, MAR, piecesLikeWhole, summary } from './borders';
import { grid, plantStale, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };

describe('quality pieces in worker threads, stitched at partition borders', () => {
  const opened = catalogEach('barcat-quality-pieces-', async (catalog) => {
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

  it('finds runs and spikes that span a border when every partition is its own piece in a worker', async () => {
    // The same findings, value for value, as one read of the whole series on this thread.
    const { dir, cat } = opened();
    const pieces = await piecesLikeWhole(cat, dir, KEY);
    expect(pieces).toMatchObject({ partitionsRecomputed: 4, partitionsTotal: 4, partitionsRead: 10 });
    expect(summary(pieces.findings)).toEqual([
      ['stale_run', iso(FEB - 3 * MINUTE), iso(FEB), 3, 7],
      ['stale_run', iso(FEB), iso(FEB + 4 * MINUTE), 4, 7],
      ['spike', iso(MAR), iso(MAR + MINUTE), 1, 'low'],
      ['spike', iso(APR - MINUTE), iso(APR), 1, 'low'],
    ]);
    expect(pieces.findings.at(-1)!.values).toMatchObject({ revertedBars: 1 });
  });
});
