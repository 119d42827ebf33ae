import { describe, expect, it } from 'vitest';
import { findCalendar } from '../../../src-main/engines/calendars/index';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import type { BarBatch } from '../../../src-main/engines/catalog/types';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { fileTempDir } from '../catalog/helpers';
import { aapl2024Minutes } from './aapl-2024-series';
import { MIN, show, t } from './helpers';

function batchOf(ts: Float64Array): BarBatch {
  const price = Float64Array.from(ts, (_, i) => 100 + (i % 50) / 100);
  return {
    length: ts.length,
    ts,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: new Float64Array(ts.length).fill(10),
  };
}

describe('calendars inside a real catalog', () => {
  const { dir } = fileTempDir('barcat-cal-catalog-');
  const key: SeriesKey = { venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1m' };
  const year = { from: t('2024-01-01'), to: t('2025-01-01') };
  const hole = { from: t('2024-07-03T16:30Z'), to: t('2024-07-03T17:00Z') }; // 12:30-13:00 before the early close

  it('a complete 2024 minute series has zero gaps and 100 % coverage under xnys; a removed half hour is the one gap', async () => {
    const catalog = await openCatalog(dir);
    try {
      const minutes = aapl2024Minutes();
      await catalog.write(key, batchOf(minutes.filter((x) => x < hole.from || x >= hole.to)), 'skip');
      const xnys = findCalendar('xnys')!;

      const holey = await catalog.availability(key, { range: year, calendar: xnys });
      expect(show(holey.gaps)).toEqual(show([hole]));
      expect(holey.gaps[0]!.missingBars).toBe(30);

      await catalog.write(
        key,
        batchOf(Float64Array.from({ length: 30 }, (_, i) => hole.from + i * MIN)),
        'skip',
      );
      const full = await catalog.availability(key, { range: year, calendar: xnys });
      expect(full.gaps).toEqual([]);
      expect(full.coveragePct).toBe(100);
      expect(full.rows).toBe(minutes.length);

      // Without an explicit calendar the series uses its own: NASDAQ defaults to xnas.
      const own = await catalog.availability(key, { range: year });
      expect(own.calendar).toBe('xnas');
      expect(own.gaps).toEqual([]);

      // The same bars under 24x7 show every night, weekend and holiday as missing.
      const raw = await catalog.availability(key, { range: year, calendar: findCalendar('24x7')! });
      expect(raw.gaps.length).toBeGreaterThan(252);
    } finally {
      await catalog.close();
    }
  });
});
