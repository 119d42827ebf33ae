import { describe, expect, it } from 'vitest';
import {
  distinct,
  EMPTY_FILTER,
  filterSeries,
  moveIndex,
  nextSort,
  sortSeries,
  visibleWindow,
} from '../../../src-renderer/model/availability/view';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';

function s(
  venue: string,
  symbol: string,
  timeframe: SeriesSummary['timeframe'],
  extra: Partial<SeriesSummary> = {},
): SeriesSummary {
  return {
    id: `${venue}:${symbol}:${timeframe}`,
    venue,
    symbol,
    timeframe,
    calendar: '24x7',
    first: 0,
    last: 1,
    rows: 10,
    partitions: 1,
    bytes: 100,
    coveragePct: 100,
    gapCount: 0,
    missingBars: 0,
    checkedEmptyCount: 0,
    lastWriteAt: 5,
    ...extra,
  };
}

const LIST = [
  s('BINANCE', 'BTCUSDT', '1h', { rows: 720, gapCount: 1 }),
  s('BINANCE', 'ETHUSDT', '1m', { rows: 50 }),
  s('COINBASE', 'BTC-USD', '1d', { rows: 300, first: null, last: null }),
  s('KRAKEN', 'XBTEUR', '4h', { rows: 300, gapCount: 3 }),
];

describe('availability view', () => {
  it('filters by words, venue, timeframe and gaps', () => {
    const ids = (f: Partial<typeof EMPTY_FILTER>) =>
      filterSeries(LIST, { ...EMPTY_FILTER, ...f }).map((x) => x.id);
    expect(ids({ text: 'btc' })).toEqual(['BINANCE:BTCUSDT:1h', 'COINBASE:BTC-USD:1d']);
    expect(ids({ text: 'btc 1h' })).toEqual(['BINANCE:BTCUSDT:1h']);
    expect(ids({ venue: 'BINANCE', timeframe: '1m' })).toEqual(['BINANCE:ETHUSDT:1m']);
    expect(ids({ gapsOnly: true })).toEqual(['BINANCE:BTCUSDT:1h', 'KRAKEN:XBTEUR:4h']);
    expect(ids({ text: 'nothing' })).toEqual([]);
  });

  it('filters series with quality findings; counts not computed yet are left out and sort last', () => {
    const list = [
      s('A', 'ONE', '1m', { qualityFindings: 2 }),
      s('A', 'ZERO', '1m', { qualityFindings: 0 }),
      s('A', 'UNCHECKED', '1m', { qualityFindings: null }),
      s('A', 'OLD', '1m'),
      s('A', 'THREE', '1m', { qualityFindings: 3 }),
    ];
    expect(filterSeries(list, { ...EMPTY_FILTER, qualityOnly: true }).map((x) => x.symbol)).toEqual([
      'ONE',
      'THREE',
    ]);
    const sorted = (dir: 'asc' | 'desc') =>
      sortSeries(list, { key: 'qualityFindings', dir }).map((x) => x.symbol);
    expect(sorted('desc')).toEqual(['THREE', 'ONE', 'ZERO', 'OLD', 'UNCHECKED']);
    expect(sorted('asc')).toEqual(['ZERO', 'ONE', 'THREE', 'OLD', 'UNCHECKED']);
  });

  it('sorts numbers, timeframes by length and ties by id; empty values last', () => {
    expect(sortSeries(LIST, { key: 'rows', dir: 'desc' }).map((x) => x.rows)).toEqual([720, 300, 300, 50]);
    expect(sortSeries(LIST, { key: 'rows', dir: 'desc' })[1]!.id).toBe('COINBASE:BTC-USD:1d');
    expect(sortSeries(LIST, { key: 'timeframe', dir: 'asc' }).map((x) => x.timeframe)).toEqual([
      '1m',
      '1h',
      '4h',
      '1d',
    ]);
    expect(sortSeries(LIST, { key: 'first', dir: 'asc' }).at(-1)!.id).toBe('COINBASE:BTC-USD:1d');
    expect(sortSeries(LIST, { key: 'first', dir: 'desc' }).at(-1)!.id).toBe('COINBASE:BTC-USD:1d');
  });

  it('flips direction on the same column and starts numbers descending', () => {
    expect(nextSort({ key: 'symbol', dir: 'asc' }, 'symbol')).toEqual({ key: 'symbol', dir: 'desc' });
    expect(nextSort({ key: 'symbol', dir: 'asc' }, 'rows')).toEqual({ key: 'rows', dir: 'desc' });
    expect(nextSort({ key: 'rows', dir: 'asc' }, 'venue')).toEqual({ key: 'venue', dir: 'asc' });
  });

  it('lists distinct venues and timeframes in order', () => {
    expect(distinct(LIST, 'venue')).toEqual(['BINANCE', 'COINBASE', 'KRAKEN']);
    expect(distinct(LIST, 'timeframe')).toEqual(['1m', '1h', '4h', '1d']);
  });

  it('lists, filters and sorts custom timeframes by length among the fixed ones', () => {
    const list = [
      ...LIST,
      s('NYSE', 'AAPL', '10m'),
      s('NYSE', 'SPY', '45m'),
      s('BINANCE', 'BTCUSDT', '2d'),
      s('CME', 'ES', '3M'),
    ];
    expect(distinct(list, 'timeframe')).toEqual(['1m', '10m', '45m', '1h', '4h', '1d', '2d', '3M']);
    expect(filterSeries(list, { ...EMPTY_FILTER, timeframe: '45m' }).map((x) => x.id)).toEqual([
      'NYSE:SPY:45m',
    ]);
    expect(sortSeries(list, { key: 'timeframe', dir: 'desc' }).map((x) => x.timeframe)).toEqual([
      '3M',
      '2d',
      '1d',
      '4h',
      '1h',
      '45m',
      '10m',
      '1m',
    ]);
  });

  it('renders only the rows in view plus overscan, for 10,000 series', () => {
    expect(visibleWindow(0, 600, 30, 10_000)).toEqual({ first: 0, last: 28 });
    expect(visibleWindow(30_000, 600, 30, 10_000)).toEqual({ first: 992, last: 1028 });
    expect(visibleWindow(299_400, 600, 30, 10_000)).toEqual({ first: 9972, last: 10_000 });
  });

  it('moves the keyboard cursor within bounds', () => {
    expect(moveIndex(-1, 'ArrowDown', 5, 3)).toBe(0);
    expect(moveIndex(-1, 'ArrowUp', 5, 3)).toBe(4);
    expect(moveIndex(4, 'ArrowDown', 5, 3)).toBe(4);
    expect(moveIndex(1, 'PageDown', 5, 3)).toBe(4);
    expect(moveIndex(3, 'Home', 5, 3)).toBe(0);
    expect(moveIndex(0, 'End', 5, 3)).toBe(4);
    expect(moveIndex(2, 'x', 5, 3)).toBe(2);
    expect(moveIndex(0, 'ArrowDown', 0, 3)).toBe(-1);
  });
});
