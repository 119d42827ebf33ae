import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../src-main/engines/catalog/index';
import { checkedInWorkers, refreshQuality } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { tempDir } from '../catalog/helpers';
import { APR, FEB, grid, iso, MAR, plantStale, summary, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1m' };

describe('quality per partition in the worker pool against one whole-series run', () => {
  let dir: string;
  let cleanup: () => void;
  let catalog: Catalog;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir('barcat-quality-parity-'));
    catalog = await openCatalog(dir);
    // Two days around each month border, the last five minutes of March missing.
    const times = [FEB, MAR, APR]
      .flatMap((border) => grid(border - DAY, 2 * 1440))
      .filter((t) => t < APR - 5 * MINUTE || t >= APR);
    const b = walk(times, 11);
    const at = (t: number) => times.indexOf(t);
    // No trade for 40 minutes across the January/February border (prices still move).
    for (let i = at(FEB - 20 * MINUTE); i < at(FEB + 20 * MINUTE); i++) b.volume[i] = 0;
    // A stuck feed across the February/March border.
    plantStale(b, at(MAR - 3 * MINUTE), at(MAR + 4 * MINUTE));
    // After the hole before April, every price 1.5 times higher: an unadjusted split on April's first bar.
    for (let i = at(APR); i < b.length; i++)
      for (const c of ['open', 'high', 'low', 'close'] as const) b[c][i] = b[c][i]! * 1.5;
    // A volume outlier early in April, and a bad high in March right after the stuck feed.
    b.volume[at(APR + 30 * MINUTE)] = b.volume[at(APR + 30 * MINUTE)]! * 1e7;
    b.high[at(MAR + 10 * MINUTE)] = b.high[at(MAR + 10 * MINUTE)]! * 1.1;
    await catalog.write(KEY, b, 'merge');
  });
  afterEach(async () => {
    await catalog.close();
    cleanup();
  });

  it('finds the same defects, value for value, whether each partition is a worker piece or the series is read whole', async () => {
    const before = checkedInWorkers.pieces;
    const pieces = await refreshQuality(catalog, KEY, undefined, { piecePartitions: 1, workerMinRows: 0 });
    expect(checkedInWorkers.pieces - before).toBe(4);
    // Runs are cut at the borders, each piece counting the whole run.
    expect(summary(pieces.findings)).toEqual([
      ['zero_volume_run', iso(FEB - 20 * MINUTE), iso(FEB), 20, 40],
      ['zero_volume_run', iso(FEB), iso(FEB + 20 * MINUTE), 20, 40],
      ['stale_run', iso(MAR - 3 * MINUTE), iso(MAR), 3, 7],
      ['stale_run', iso(MAR), iso(MAR + 4 * MINUTE), 4, 7],
      ['spike', iso(MAR + 10 * MINUTE), iso(MAR + 11 * MINUTE), 1, 'high'],
      ['corporate_action', iso(APR - 6 * MINUTE), iso(APR + MINUTE), 2, null],
      ['volume_outlier', iso(APR + 30 * MINUTE), iso(APR + 31 * MINUTE), 1, null],
    ]);

    rmSync(path.join(dir, 'quality'), { recursive: true, force: true });
    const whole = await refreshQuality(catalog, KEY, undefined, { workerMinRows: Number.POSITIVE_INFINITY });
    expect(whole.partitionsRead).toBe(4);
    expect(pieces.findings).toEqual(whole.findings);
  });
});
