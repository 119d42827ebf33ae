import { describe, expect, it } from 'vitest';
import { exchangeProviderTests } from '../exchange-checks';
import { DAY, HOUR, providerFixture, T0 } from '../helpers';

const NOW = T0 + 40 * DAY;
const HOLE = { from: T0 + 5 * HOUR, to: T0 + 6 * HOUR };
const iso = (t: number) => new Date(t).toISOString();

describe('coinbase: Exchange candles against its stand-in', () => {
  const f = providerFixture('coinbase', NOW, { symbols: ['BTC-USD'], holes: [HOLE] });

  it('30 days of 1h: windows of 300 inclusive buckets, newest-first rows and the extra bucket before start give exactly the source bars', async () => {
    const to = T0 + 30 * DAY; // 720 buckets: 300 + 300 + 120
    await f.expectFetched(
      'COINBASE:BTC-USD:1h',
      T0,
      to,
      (r) => [r.path, r.query.granularity, r.query.start, r.query.end],
      [
        ['/products/BTC-USD/candles', '3600', iso(T0), iso(T0 + 299 * HOUR)],
        ['/products/BTC-USD/candles', '3600', iso(T0 + 300 * HOUR), iso(T0 + 599 * HOUR)],
        ['/products/BTC-USD/candles', '3600', iso(T0 + 600 * HOUR), iso(T0 + 719 * HOUR)],
      ],
    );
    expect(f.server.requests.every((r) => r.status === 200)).toBe(true);
  });

  exchangeProviderTests(f, {
    empty: ['COINBASE:BTC-USD:1h', HOLE],
    // Not resampled from 1h: Coinbase has six granularities.
    refused: [
      'COINBASE:BTC-USD:4h',
      { from: T0, to: T0 + DAY },
      'Coinbase Exchange candles has no 4h bars; it serves 1m 5m 15m 1h 6h 1d',
    ],
    unknown: [
      '404 NotFound',
      'COINBASE:BTCUSD:1h',
      { from: T0, to: T0 + DAY },
      'Coinbase Exchange candles has no such resource (HTTP 404: NotFound)',
      [404],
    ],
    rateLimits: [
      [
        'HTTP 429 with Retry-After',
        {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: '{"message":"Public rate limit exceeded"}',
        },
        'COINBASE:BTC-USD:1h',
        { from: T0, to: T0 + DAY },
      ],
    ],
  });
});
