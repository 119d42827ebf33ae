import { describe, expect, it } from 'vitest';
import { chartResolution } from '../../../src-main/app/series/price-chart';
import { refreshQuality } from '../../../src-main/engines/quality/index';
import type { PriceChart } from '../../../src-shared/domain/series-views/price-chart';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { grid, walk } from '../../main/quality/synthetic';
import { tempCoreOf } from '../temp-core';

const T0 = Date.UTC(2024, 0, 1);
const KEY = { venue: 'BINANCE', symbol: 'TEST', timeframe: '1m' } as const;
const ID = 'BINANCE:TEST:1m';
/** Three days of 1m bars without 02:00-04:00 on the second day (a gap), a 10 % low wick at SPIKE. */
const HOLE = { from: T0 + DAY + 2 * 60 * MINUTE, to: T0 + DAY + 4 * 60 * MINUTE };
const SPIKE = T0 + 2 * DAY + 600 * MINUTE;

function bars() {
  const times = grid(T0, 3 * 1440).filter((t) => t < HOLE.from || t >= HOLE.to);
  const b = walk(times, 3);
  const i = times.indexOf(SPIKE);
  b.low[i] = b.low[i]! * 0.9;
  return b;
}

/** The resampled bars written out by hand: first open, max high, min low, last close, summed volume. */
function byBucket(b: ReturnType<typeof bars>, step: number, from: number, to: number) {
  const out = { ts: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[] };
  const close: number[] = [];
  const volume: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const t = b.ts[i]!;
    if (t < from || t >= to) continue;
    const k = Math.floor(t / step) * step;
    const n = out.ts.length - 1;
    if (out.ts[n] !== k) {
      out.ts.push(k);
      out.open.push(b.open[i]!);
      out.high.push(b.high[i]!);
      out.low.push(b.low[i]!);
      close.push(b.close[i]!);
      volume.push(b.volume[i]!);
    } else {
      out.high[n] = Math.max(out.high[n]!, b.high[i]!);
      out.low[n] = Math.min(out.low[n]!, b.low[i]!);
      close[n] = b.close[i]!;
      volume[n] = volume[n]! + b.volume[i]!;
    }
  }
  return { ...out, close, volume };
}

const { call, core } = tempCoreOf('barcat-price-chart-');

async function seed() {
  const b = bars();
  await core().catalog().write(KEY, b, 'merge');
  await refreshQuality(core().catalog(), KEY);
  return b;
}

describe('priceChart command', () => {
  it('answers the whole series resampled to the finest timeframe under the cap, with its gap and spike', async () => {
    const b = await seed();
    const chart = await call<PriceChart>('priceChart', { id: ID, maxBars: 1000 });
    // 4,320 one-minute slots: 1m and 3m (1,440) are over 1,000; 5m makes 864.
    expect(chart.resolution).toBe('5m');
    expect(chart.range).toEqual({ from: T0, to: T0 + 3 * DAY });
    expect(chart.extent).toEqual({ from: T0, to: T0 + 3 * DAY });
    const want = byBucket(b, 5 * MINUTE, T0, T0 + 3 * DAY);
    expect(chart.bars.ts.length).toBe(864 - 24);
    for (const c of ['ts', 'open', 'high', 'low', 'close'] as const) expect(chart.bars[c]).toEqual(want[c]);
    expect(chart.bars.volume.length).toBe(want.volume.length);
    for (const [i, v] of chart.bars.volume.entries()) expect(v).toBeCloseTo(want.volume[i]!, 9);
    expect(chart.gaps).toEqual([{ ...HOLE, missingBars: 120 }]);
    expect(chart.gapTotal).toBe(1);
    expect(chart.findings).toEqual([
      expect.objectContaining({ check: 'spike', from: SPIKE, to: SPIKE + MINUTE, bars: 1, field: 'low' }),
    ]);
    expect(chart.findingTotal).toBe(1);
    expect(chart.qualityCheckedAt).toEqual(expect.any(Number));
  });

  it('answers the raw bars of a zoomed range, and only the gaps and findings inside it', async () => {
    const b = await seed();
    const range = { from: SPIKE - 30 * MINUTE, to: SPIKE + 30 * MINUTE };
    const chart = await call<PriceChart>('priceChart', { id: ID, range });
    expect(chart.resolution).toBe('1m');
    const from = b.ts.indexOf(range.from);
    expect(chart.bars.ts).toEqual(Array.from(b.ts.subarray(from, from + 60)));
    expect(chart.bars.low).toEqual(Array.from(b.low.subarray(from, from + 60)));
    expect(chart.gaps).toEqual([]);
    expect(chart.findings.map((f) => f.from)).toEqual([SPIKE]);

    const aroundHole = await call<PriceChart>('priceChart', {
      id: ID,
      range: { from: T0 + DAY, to: T0 + 2 * DAY },
      maxBars: 100,
    });
    // 1,440 minutes in 100 bars: 15m makes 96.
    expect(aroundHole.resolution).toBe('15m');
    expect(aroundHole.bars.ts.length).toBe(96 - 8);
    expect(aroundHole.gaps).toEqual([{ ...HOLE, missingBars: 120 }]);
    expect(aroundHole.findings).toEqual([]);
  });

  it('answers the new bars of a series deleted and written again (its generations start over)', async () => {
    await seed();
    const range = { from: SPIKE - 30 * MINUTE, to: SPIKE + 30 * MINUTE };
    await call<PriceChart>('priceChart', { id: ID, range });
    await core().catalog().deleteSeries!(KEY);
    const times = grid(range.from, 60);
    const other = walk(times, 11, 500);
    await core().catalog().write(KEY, other, 'merge');
    const chart = await call<PriceChart>('priceChart', { id: ID, range });
    expect(chart.bars.ts).toEqual(times);
    expect(chart.bars.close).toEqual(Array.from(other.close));
  });

  it('answers the bars as they are after a write, never an earlier answer for the same view', async () => {
    const b = await seed();
    const range = { from: SPIKE - 30 * MINUTE, to: SPIKE + 30 * MINUTE };
    const first = await call<PriceChart>('priceChart', { id: ID, range });
    expect(await call<PriceChart>('priceChart', { id: ID, range })).toEqual(first);
    // The spike's low mended by a merge write: the same view shows the new bar.
    const i = b.ts.indexOf(SPIKE);
    const mended = { ...b, length: 1 } as typeof b;
    for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const)
      mended[c] = b[c].slice(i, i + 1);
    mended.low[0] = Math.min(b.open[i]!, b.close[i]!);
    await core().catalog().write(KEY, mended, 'merge');
    const after = await call<PriceChart>('priceChart', { id: ID, range });
    expect(after.bars.low[30]).toBe(mended.low[0]);
    expect(after.bars.low[30]).not.toBe(first.bars.low[30]);
  });

  it('answers an unknown series with NOT_FOUND', async () => {
    const r = await core().dispatch('priceChart', { id: 'BINANCE:NONE:1m' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('chartResolution', () => {
  const span = (ms: number) => ({ from: T0, to: T0 + ms });
  it('picks the finest timeframe whose bars over the range stay under the cap', () => {
    expect(chartResolution('1m', span(DAY), 3000)).toBe('1m');
    expect(chartResolution('1m', span(3 * DAY), 3000)).toBe('3m');
    expect(chartResolution('1m', span(3652 * DAY), 4000)).toBe('1d');
    expect(chartResolution('1m', span(3652 * DAY), 3000)).toBe('1w');
    expect(chartResolution('1h', span(365 * DAY), 3000)).toBe('4h');
    // 10m bars resample to 30m, never to 15m (not whole 10m bars).
    expect(chartResolution('10m', span(30 * DAY), 3000)).toBe('30m');
    // Past every standard timeframe: the coarsest.
    expect(chartResolution('1d', span(400 * 365 * DAY), 3000)).toBe('1M');
  });
});
