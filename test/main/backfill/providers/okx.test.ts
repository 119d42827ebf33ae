import { describe, it } from 'vitest';
import type { Reply } from '../../../helpers/provider-server/index';
import { exchangeProviderTests } from '../exchange-checks';
import { DAY, HOUR, providerFixture, T0 } from '../helpers';

const NOW = T0 + 40 * DAY;
const HOLE = { from: T0 + 5 * HOUR, to: T0 + 6 * HOUR };
const SERIES = 'OKX:BTC-USDT:1h';
/** OKX answers a rate limit both as HTTP 429 and inside a 200, with the same body. */
const rateLimit = (status: number): Reply => ({
  status,
  headers: { 'content-type': 'application/json', 'retry-after': '1' },
  body: '{"code":"50011","msg":"Too Many Requests","data":[]}',
});

describe('okx: v5 history candles against its stand-in', () => {
  const f = providerFixture('okx', NOW, { symbols: ['BTC-USDT'], holes: [HOLE] });

  it('10 days of 1h: windows of 100 between exclusive after/before cursors give exactly the source bars', async () => {
    const to = T0 + 10 * DAY; // 240 bars: 100 + 100 + 40
    await f.expectFetched(
      SERIES,
      T0,
      to,
      (r) => [r.path, r.query.instId, r.query.bar, r.query.before, r.query.after, r.query.limit],
      [
        ['/api/v5/market/history-candles', 'BTC-USDT', '1H', String(T0 - 1), String(T0 + 100 * HOUR), '100'],
        [
          '/api/v5/market/history-candles',
          'BTC-USDT',
          '1H',
          String(T0 + 100 * HOUR - 1),
          String(T0 + 200 * HOUR),
          '100',
        ],
        ['/api/v5/market/history-candles', 'BTC-USDT', '1H', String(T0 + 200 * HOUR - 1), String(to), '40'],
      ],
    );
  });

  it('1d is asked for as the UTC-aligned 1Dutc', async () => {
    await f.expectFetched('OKX:BTC-USDT:1d', T0, T0 + 7 * DAY, (r) => r.query.bar, ['1Dutc']);
  });

  exchangeProviderTests(f, {
    empty: [SERIES, HOLE],
    refused: [
      'OKX:BTC-USDT:8h',
      { from: T0, to: T0 + DAY },
      'OKX history candles has no 8h bars; it serves 1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d',
    ],
    unknown: [
      'code 51001 inside a 200',
      'OKX:BTCUSDT:1h',
      { from: T0, to: T0 + DAY },
      "OKX history candles rejected the request (HTTP 400: Instrument ID doesn't exist (code 51001)); check the symbol, timeframe and range",
      [200],
    ],
    rateLimits: [
      ['HTTP 429', rateLimit(429), SERIES, { from: T0, to: T0 + DAY }],
      ['code 50011 inside a 200', rateLimit(200), SERIES, { from: T0, to: T0 + DAY }],
    ],
  });
});
