import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BarBatch, readManifest } from '../../../src-main/engines/catalog/index';
import {
  overviewPath,
  readOverview,
  readResampled,
  refreshOverview,
} from '../../../src-main/engines/resample/index';
import { sharesInWorkers } from '../../../src-main/engines/resample/overview-share';
import type { PriceChart } from '../../../src-shared/domain/series-views/price-chart';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { grid, walk } from '../../main/quality/synthetic';
import { tempCoreOf } from '../temp-core';

// 70 days of 1m bars from mid-January: three monthly partitions.
const T0 = Date.UTC(2024, 0, 15);
const DAYS = 70;
const KEY = { venue: 'BINANCE', symbol: 'TEST', timeframe: '1m' } as const;
const ID = 'BINANCE:TEST:1m';
const COLS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

const { call, core } = tempCoreOf('barcat-overview-');

const asColumns = (b: BarBatch) => Object.fromEntries(COLS.map((c) => [c, Array.from(b[c])]));

/** What the resample engine makes of the series' own bars: the reference an overview must equal exactly. */
async function resampled(tf: Timeframe) {
  const r = await readResampled(
    core().catalog(),
    KEY,
    undefined,
    {},
    {
      timeframe: tf,
      align: 'utc',
      fill: false,
      completeOnly: false,
    },
  );
  return asColumns(r.bars);
}

describe('overview levels: coarser bars kept per series for whole-history charts', () => {
  it('equal the resample engine output, go stale after a write and are rebuilt for the partition written', async () => {
    const b = walk(grid(T0, DAYS * 1440), 5);
    await core().catalog().write(KEY, b, 'merge');
    const inWorkers = sharesInWorkers.partitions;
    const first = await refreshOverview(core().catalog(), KEY);
    expect(first.partitionsRebuilt).toBe(3);
    // Built in overview workers, a partition at a time: never the whole series on this thread.
    expect(sharesInWorkers.partitions - inWorkers).toBe(3);
    expect(first.overview!.levels).toEqual(['1h', '1d']);
    expect(asColumns(first.overview!.bars[0]!)).toEqual(await resampled('1h'));
    expect(asColumns(first.overview!.bars[1]!)).toEqual(await resampled('1d'));
    expect(first.overview!.bars[1]!.length).toBe(DAYS);
    // Stored, tagged with the generation it was computed from; read back as written.
    const generation = (await readManifest(core().catalog().dir, KEY))!.generation;
    const stored = await readOverview(core().catalog().dir, KEY);
    expect(stored!.generation).toBe(generation);
    expect(asColumns(stored!.bars[0]!)).toEqual(await resampled('1h'));
    expect((await refreshOverview(core().catalog(), KEY)).partitionsRebuilt).toBe(0);

    // A higher high written into February: the overview is stale, and only February is resampled again.
    const at = Date.UTC(2024, 1, 10, 12, 0);
    const i = b.ts.indexOf(at);
    const one = walk([at], 1);
    one.open[0] = b.open[i]!;
    one.close[0] = b.close[i]!;
    one.low[0] = b.low[i]!;
    one.high[0] = b.high[i]! * 1.5;
    one.volume[0] = b.volume[i]!;
    await core().catalog().write(KEY, one, 'merge');
    expect((await readOverview(core().catalog().dir, KEY))!.generation).toBe(generation);
    expect((await readManifest(core().catalog().dir, KEY))!.generation).toBeGreaterThan(generation);
    const before = sharesInWorkers.partitions;
    const after = await refreshOverview(core().catalog(), KEY);
    expect(after.partitionsRebuilt).toBe(1);
    expect(sharesInWorkers.partitions - before).toBe(1);
    expect(asColumns(after.overview!.bars[0]!)).toEqual(await resampled('1h'));
    expect(asColumns(after.overview!.bars[1]!)).toEqual(await resampled('1d'));
    expect(Math.max(...after.overview!.bars[1]!.high)).toBe(one.high[0]);
  });

  it('serves the whole-history chart from the overview, a zoomed one from the bars, and the view after a write', async () => {
    const b = walk(grid(T0, DAYS * 1440), 5);
    await core().catalog().write(KEY, b, 'merge');
    // 70 days in at most 100 bars: daily bars, read from the overview's 1d level as they are, which
    // the view's first build made in overview workers (three partitions).
    const inWorkers = sharesInWorkers.partitions;
    const whole = await call<PriceChart>('priceChart', { id: ID, maxBars: 100 });
    expect(whole).toMatchObject({ resolution: '1d', level: '1d' });
    expect(sharesInWorkers.partitions - inWorkers).toBe(3);
    expect(whole.bars).toEqual(await resampled('1d'));
    expect(existsSync(overviewPath(core().catalog().dir, KEY))).toBe(true);
    // Weekly bars come from the daily level: prices exact, volumes summed in another order.
    // (600 days in at most 100 bars: 86 weeks.)
    const weekly = await call<PriceChart>('priceChart', {
      id: ID,
      range: { from: T0, to: T0 + 600 * DAY },
      maxBars: 100,
    });
    expect(weekly).toMatchObject({ resolution: '1w', level: '1d' });
    const want = await resampled('1w');
    for (const c of ['ts', 'open', 'high', 'low', 'close'] as const) expect(weekly.bars[c]).toEqual(want[c]);
    for (const [j, v] of weekly.bars.volume.entries()) expect(v).toBeCloseTo(want.volume![j]!, 6);
    // Two days in 3,000 bars: the series' own minutes.
    const zoom = await call<PriceChart>('priceChart', { id: ID, range: { from: T0, to: T0 + 2 * DAY } });
    expect(zoom).toMatchObject({ resolution: '1m', level: null });
    expect(zoom.bars.ts).toEqual(Array.from(b.ts.subarray(0, 2 * 1440)));

    // A write: the next whole view is rebuilt from the new bars.
    const at = T0 + 3 * DAY + 5 * MINUTE;
    const one = walk([at], 1);
    one.open[0] = b.open[3 * 1440 + 5]!;
    one.close[0] = b.close[3 * 1440 + 5]!;
    one.low[0] = b.low[3 * 1440 + 5]!;
    one.high[0] = b.high[3 * 1440 + 5]! * 1.5;
    await core().catalog().write(KEY, one, 'merge');
    const again = await call<PriceChart>('priceChart', { id: ID, maxBars: 100 });
    expect(again.level).toBe('1d');
    expect(again.bars.high[3]).toBe(one.high[0]);
    expect(again.bars).toEqual(await resampled('1d'));
  });

  it('moves with a rename and goes with a delete', async () => {
    await core()
      .catalog()
      .write(KEY, walk(grid(T0, 2 * 1440), 5), 'merge');
    await refreshOverview(core().catalog(), KEY);
    const dir = core().catalog().dir;
    const renamed = await core().catalog().renameSeries!(KEY, { symbol: 'MOVED' });
    expect(existsSync(overviewPath(dir, KEY))).toBe(false);
    expect(existsSync(overviewPath(dir, renamed))).toBe(true);
    await core().catalog().deleteSeries!(renamed);
    expect(existsSync(overviewPath(dir, renamed))).toBe(false);
  });
});
