import { describe, expect, it } from 'vitest';
import { checkTickBackfill } from '../../../src-main/engines/backfill/ticks/tick-backfill-call';
import { TickBarBuilder } from '../../../src-main/engines/import/ticks/tick-bars';
import { checkTickOptions } from '../../../src-main/engines/import/ticks/tick-import';
import type { Timeframe } from '../../../src-shared/domain/timeframe';

// A custom timeframe's bars open where the vendor's do, which ticks do not say: flooring each tick
// would cut one-minute bars and label them 10m. Every way in refuses it before any file is read.
const WHY =
  'bars are built from ticks on fixed grids only; 10m is a custom timeframe: use one of 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w 1M';

describe('bars from ticks on a custom timeframe', () => {
  it('an import refuses it with the fixed ones named', () => {
    expect(() => checkTickOptions({ ticks: 'bars', price: 'mid', timeframe: '10m' })).toThrow(
      `--timeframe: ${WHY}`,
    );
    const fixed = { ticks: 'bars' as const, price: 'mid' as const, timeframe: '15m' };
    checkTickOptions(fixed);
    expect(fixed.timeframe).toBe('15m');
  });

  it('a Dukascopy backfill refuses it with a reason code', () => {
    let err: unknown;
    try {
      checkTickBackfill({
        symbol: 'EURUSD',
        from: 0,
        to: 3_600_000,
        bars: { timeframe: '10m', price: 'mid' },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'BAD_INPUT',
      message: `timeframe "10m": ${WHY}`,
      details: { reason: 'BAD_TIMEFRAME', timeframe: '10m' },
    });
  });

  it('the bar builder itself refuses one that got past the checks', () => {
    expect(() => new TickBarBuilder('10m' as Timeframe, 'mid', 'size')).toThrow(
      'bars from ticks on a custom timeframe (10m) were not refused',
    );
  });
});
