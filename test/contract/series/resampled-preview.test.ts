import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import type { QueryPreview } from '../../../src-shared/contract';
import { HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import { minuteBars } from '../../main/catalog/helpers';
import { tempCoreOf } from '../temp-core';

const T0 = Date.UTC(2024, 0, 2, 10);
// Two hours of 1m bars; 10:30-10:40 is missing, so the first hourly bar is partial.
const BARS = minuteBars(T0, 120).filter((b) => b.ts < T0 + 30 * MINUTE || b.ts >= T0 + 40 * MINUTE);

const { core } = tempCoreOf('barcat-preview-', {
  create: false,
  seed: async (catalogDir) => {
    const cat = await openCatalog(catalogDir);
    await cat.write({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' }, batchFromBars(BARS), 'merge');
    await cat.close();
  },
});

describe('queryPreview with a timeframe (the bar view picker)', () => {
  it('shows the bars resampled on read, each full or partial', async () => {
    const r = await core().dispatch('queryPreview', {
      id: 'BINANCE:BTCUSDT:1m',
      limit: 8,
      fromEnd: true,
      timeframe: '1h',
    });
    if (!r.ok) throw new Error(r.error.message);
    const hour = (h: number) => BARS.filter((b) => b.ts >= T0 + h * HOUR && b.ts < T0 + (h + 1) * HOUR);
    const row = (bars: typeof BARS, complete: number) => [
      bars[0]!.ts,
      bars[0]!.open,
      Math.max(...bars.map((b) => b.high)),
      Math.min(...bars.map((b) => b.low)),
      bars[bars.length - 1]!.close,
      bars.reduce((s, b) => s + b.volume, 0),
      complete,
    ];
    expect(r.value as QueryPreview).toEqual({
      columns: ['ts', 'open', 'high', 'low', 'close', 'volume', 'complete'],
      rows: [row(hour(0), 0), row(hour(1), 1)],
      total: 2,
      incomplete: 1,
    });
  });

  it('refuses a finer timeframe with the reason', async () => {
    const r = await core().dispatch('queryPreview', { id: 'BINANCE:BTCUSDT:1m', limit: 8, timeframe: '1s' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        message: 'cannot resample 1m bars to 1s: 1s is finer; a series only resamples to a coarser timeframe',
      },
    });
  });
});
