import { describe, expect, it } from 'vitest';
import { checkTickBackfill } from '../../../src-main/engines/backfill/ticks/tick-backfill-call';
import { TickBarBuilder } from '../../../src-main/engines/import/ticks/tick-bars';
import { checkTickOptions } from '../../../src-main/engines/import/ticks/tick-import';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { quotes } from './helpers';

// A custom timeframe's bars from ticks are cut from UTC midnight, so only one that divides a day has
// a grid (15s, 10m, 45m); flooring each tick to its phase unit used to cut one-unit bars under its label.
const WHY =
  'bars are built from ticks on grids from UTC midnight: 7m does not divide a day; use one of 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w 1M or seconds, minutes or hours that divide a day (15s, 10m, 45m)';
const T = Date.UTC(2024, 2, 4);

const bids = (ms: number[], bid: number[]) => quotes(ms.map((m, i) => [m * 1000, bid[i]!, bid[i]! + 0.0002]));

describe('bars from ticks on a custom timeframe', () => {
  it('15s and 10m bars are cut from UTC midnight: exact bars', () => {
    const b15 = new TickBarBuilder('15s', 'bid', 'count');
    b15.add(bids([T + 3_000, T + 14_000, T + 16_000, T + 61_000], [1.1, 1.3, 1.2, 1.4]));
    const bars = b15.bars();
    expect(Array.from(bars.ts)).toEqual([T, T + 15_000, T + 60_000]);
    expect([Array.from(bars.open), Array.from(bars.high), Array.from(bars.close)]).toEqual([
      [1.1, 1.2, 1.4],
      [1.3, 1.2, 1.4],
      [1.3, 1.2, 1.4],
    ]);
    expect(Array.from(bars.volume)).toEqual([2, 1, 1]);
    const b10 = new TickBarBuilder('10m', 'bid', 'count');
    b10.add(bids([T + 3 * 60_000, T + 9 * 60_000, T + 13 * 60_000], [1, 2, 3]));
    expect(Array.from(b10.bars().ts)).toEqual([T, T + 10 * 60_000]);
  });

  it('an import refuses one that does not divide a day, naming the grids it can cut', () => {
    expect(() => checkTickOptions({ ticks: 'bars', price: 'mid', timeframe: '7m' })).toThrow(
      `--timeframe: ${WHY}`,
    );
    const custom = { ticks: 'bars' as const, price: 'mid' as const, timeframe: '45m' };
    checkTickOptions(custom);
    expect(custom.timeframe).toBe('45m');
  });

  it('a Dukascopy backfill refuses it with a reason code', () => {
    let err: unknown;
    try {
      checkTickBackfill({
        symbol: 'EURUSD',
        from: 0,
        to: 3_600_000,
        bars: { timeframe: '7m', price: 'mid' },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'BAD_INPUT',
      message: `timeframe "7m": ${WHY}`,
      details: { reason: 'BAD_TIMEFRAME', timeframe: '7m' },
    });
  });

  it('the bar builder itself refuses one that got past the checks', () => {
    expect(() => new TickBarBuilder('7m' as Timeframe, 'mid', 'size')).toThrow(
      'bars from ticks on timeframe 7m were not refused',
    );
  });
});
