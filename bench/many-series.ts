// Series summaries for the UI benches: a catalog of many series answered from memory, so those
// benches measure the UI and the transport, not Parquet.

import { seriesId } from '../src-shared/domain/series';
import type { SeriesSummary } from '../src-shared/domain/series-views/availability';
import { TIMEFRAMES } from '../src-shared/domain/timeframe';

const MINUTE = 60_000;

/** `count` distinct series over [from, to) with varied timeframes, sizes, coverage and gap counts. */
export function manySeries(count: number, from: number, to: number): SeriesSummary[] {
  const venues = ['BINANCE', 'COINBASE', 'KRAKEN', 'BITSTAMP', 'NYSE', 'NASDAQ', 'CME', 'OANDA'];
  const out: SeriesSummary[] = [];
  for (let i = 0; i < count; i++) {
    const tf = TIMEFRAMES[i % TIMEFRAMES.length]!;
    const venue = venues[i % venues.length]!;
    const symbol = `SYM${String(i).padStart(5, '0')}`;
    out.push({
      id: seriesId({ venue, symbol, timeframe: tf }),
      venue,
      symbol,
      timeframe: tf,
      calendar: '24x7',
      first: from + i * MINUTE,
      last: to - i * MINUTE,
      rows: 1000 + ((i * 7919) % 5_000_000),
      partitions: 1 + (i % 120),
      bytes: 10_000 + ((i * 104_729) % 90_000_000),
      coveragePct: 90 + (i % 1000) / 100,
      gapCount: i % 13,
      missingBars: (i % 13) * 17,
      checkedEmptyCount: i % 3,
      lastWriteAt: to + i * 1000,
    });
  }
  return out;
}
