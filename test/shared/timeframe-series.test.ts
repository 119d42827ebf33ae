import { describe, expect, it } from 'vitest';
import { checkKey } from '../../src-main/engines/catalog/index';
import { BarcatError } from '../../src-main/plumbing/errors';
import { checkSeriesKey, parseSeriesId, seriesId } from '../../src-shared/domain/series';
import {
  ceilToTimeframe,
  countBarSlots,
  floorToTimeframe,
  gridOf,
  isOnGrid,
  nextBarStart,
  type Timeframe,
} from '../../src-shared/domain/timeframe';

const t = (iso: string) => Date.parse(iso);

describe('timeframe grid', () => {
  it('floors to minutes, Monday-aligned weeks and calendar months', () => {
    expect(floorToTimeframe(t('2024-03-05T10:17:42Z'), '15m')).toBe(t('2024-03-05T10:15:00Z'));
    expect(floorToTimeframe(t('2024-03-07T10:17:42Z'), '1w')).toBe(t('2024-03-04T00:00:00Z'));
    expect(floorToTimeframe(t('2024-02-29T23:59:00Z'), '1M')).toBe(t('2024-02-01T00:00:00Z'));
    expect(nextBarStart(t('2024-02-01T00:00:00Z'), '1M')).toBe(t('2024-03-01T00:00:00Z'));
    expect(ceilToTimeframe(t('2024-03-05T10:15:01Z'), '15m')).toBe(t('2024-03-05T10:30:00Z'));
  });

  it('counts bar slots in a half-open range', () => {
    expect(countBarSlots(t('2024-01-01T00:00:00Z'), t('2024-01-02T00:00:00Z'), '1m')).toBe(1440);
    expect(countBarSlots(t('2024-01-01T00:00:00Z'), t('2025-01-01T00:00:00Z'), '1M')).toBe(12);
  });
});

describe('gridOf (the grid worked out once, for loops over many bars)', () => {
  it('answers as nextBarStart and isOnGrid do, for fixed, custom, weekly and monthly timeframes', () => {
    const times = [
      '2024-03-04T00:00:00Z',
      '2024-03-05T10:15:00Z',
      '2024-03-07T10:17:42Z',
      '2024-02-29T23:59:00Z',
    ];
    for (const tf of ['1s', '1m', '15m', '45m', '1h', '1d', '2d', '1w', '1M', '3M'] as Timeframe[]) {
      const g = gridOf(tf);
      for (const iso of times) {
        expect([tf, iso, g.next(t(iso))]).toEqual([tf, iso, nextBarStart(t(iso), tf)]);
        expect([tf, iso, g.onGrid(t(iso))]).toEqual([tf, iso, isOnGrid(t(iso), tf)]);
      }
    }
  });
});

describe('series ids', () => {
  it('parses and normalises VENUE:SYMBOL:TIMEFRAME', () => {
    const key = parseSeriesId('binance:btcusdt:1m');
    expect(key).toEqual({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' });
    expect(seriesId(key)).toBe('BINANCE:BTCUSDT:1m');
    expect(parseSeriesId('COINBASE:BTC/USD:1h').symbol).toBe('BTC_USD');
  });

  it('refuses ids that could escape the catalog folder or are malformed', () => {
    expect(() => parseSeriesId('X:..:1m')).toThrow('symbol ".." contains ".."');
    expect(() => parseSeriesId('X:a\\b:1m')).toThrow(/may only hold letters/);
    expect(() => parseSeriesId('X:.hidden:1m')).toThrow(/must start with a letter or digit/);
    expect(() => parseSeriesId('X:AAPL:2x')).toThrow('series id "X:AAPL:2x": "2x" is not a timeframe: write');
    expect(() => parseSeriesId('AAPL:1d')).toThrow('must look like VENUE:SYMBOL:TIMEFRAME');
  });

  it('words a key whose parts are not text (JSON from a request or file) as bad input, not a crash', () => {
    expect(checkSeriesKey({ venue: 5, symbol: null, timeframe: '1m' })).toStrictEqual({
      problems: [
        { path: 'venue', message: 'venue must be text, found a number' },
        { path: 'symbol', message: 'symbol must be text, found nothing' },
      ],
    });
    const bad = { venue: 'X', symbol: ['A'], timeframe: {} } as unknown as Parameters<typeof checkKey>[0];
    let thrown: unknown;
    try {
      checkKey(bad);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(BarcatError);
    expect((thrown as BarcatError).code).toBe('BAD_INPUT');
    expect((thrown as BarcatError).message).toBe(
      'invalid series: symbol must be text, found an array; timeframe must be text, found an object',
    );
  });
});
