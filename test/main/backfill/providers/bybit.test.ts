import { describe, it } from 'vitest';
import { exchangeProviderTests } from '../exchange-checks';
import { DAY, HOUR, MIN, providerFixture, T0 } from '../helpers';

const NOW = T0 + 40 * DAY;
const HOLE = { from: T0 + 5 * HOUR, to: T0 + 6 * HOUR };
const SERIES = 'BYBIT:BTCUSDT:1m';

describe('bybit: v5 spot klines against its stand-in', () => {
  const f = providerFixture('bybit', NOW, { symbols: ['BTCUSDT'], holes: [HOLE] });

  it('3 days of 1m: windows of 1000 with inclusive ms ends, newest-first rows give exactly the source bars', async () => {
    const to = T0 + 3 * DAY; // 4,320 bars: 4 x 1000 + 320
    await f.expectFetched(
      SERIES,
      T0,
      to,
      (r) => [r.path, r.query.category, r.query.interval, r.query.start, r.query.end, r.query.limit],
      [0, 1, 2, 3, 4].map((i) => [
        '/v5/market/kline',
        'spot',
        '1',
        String(T0 + i * 1000 * MIN),
        String(Math.min(to, T0 + (i + 1) * 1000 * MIN) - 1),
        i < 4 ? '1000' : '320',
      ]),
    );
  });

  exchangeProviderTests(f, {
    empty: [SERIES, HOLE],
    refused: [
      'BYBIT:BTCUSDT:1s',
      { from: T0, to: T0 + HOUR },
      'Bybit spot klines has no 1s bars; it serves 1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d',
    ],
    unknown: [
      'retCode 10001 inside a 200',
      'BYBIT:BTC-USDT:1h',
      { from: T0, to: T0 + DAY },
      'Bybit spot klines rejected the request (HTTP 400: Not supported symbols (retCode 10001)); check the symbol, timeframe and range',
      [200],
    ],
    rateLimits: [
      [
        'retCode 10006 inside a 200',
        {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":0}',
        },
        SERIES,
        { from: T0, to: T0 + 600 * MIN },
      ],
    ],
  });
});
