// Coinbase Exchange public candles: no key, 300 buckets per request, six granularities only.
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { parseJson } from '../json';
import { numAt, rowsSchema } from '../rows';
import type { BarQuery, Caller, Provider, ProviderCapabilities } from '../types';
import { codeFor, fetchWindows, windowLabel } from '../windowed';

/** Granularity in seconds; Coinbase refuses every other value (no 4h, no week), so Barcat does too. */
const GRANULARITY: Partial<Record<Timeframe, number>> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '6h': 21_600,
  '1d': 86_400,
};
const MAX_BUCKETS = 300;

export const COINBASE_CAPS: ProviderCapabilities = providerCaps(GRANULARITY, {
  name: 'coinbase',
  label: 'Coinbase Exchange candles',
  maxRowsPerRequest: MAX_BUCKETS,
  // BTC-USD trading opened on 2015-01-14 (GDAX); older products have nothing before.
  historyFrom: Date.UTC(2015, 0, 14),
  // Documented 10 requests/s per IP with bursts of 15; half that keeps the burst under 15.
  rateLimit: { perMinute: 300 },
  defaultBaseUrl: 'https://api.exchange.coinbase.com',
});

const FIELDS = ['time', 'low', 'high', 'open', 'close', 'volume'];

/** `[time s, low, high, open, close, volume]`: low and high come before open and close. */
const CandlesSchema = rowsSchema(
  (row) => ({
    ts: numAt(row, 0, FIELDS) * 1000,
    low: numAt(row, 1, FIELDS),
    high: numAt(row, 2, FIELDS),
    open: numAt(row, 3, FIELDS),
    close: numAt(row, 4, FIELDS),
    volume: numAt(row, 5, FIELDS),
  }),
  6,
);

export function coinbase(baseUrl = COINBASE_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const granularity = codeFor(
      GRANULARITY,
      q.timeframe,
      `Coinbase has no ${q.timeframe} candles and Barcat does not resample them`,
    );
    // Windows of at most 300 buckets, start and end both inclusive: a wider one is refused with 400.
    // Rows come newest first, buckets without trades absent, and candles before `start` may come along.
    return fetchWindows(q, MAX_BUCKETS, ({ start, count, step }) => {
      const url = new URL(`/products/${encodeURIComponent(q.symbol)}/candles`, baseUrl);
      url.searchParams.set('granularity', String(granularity));
      url.searchParams.set('start', new Date(start).toISOString());
      url.searchParams.set('end', new Date(start + (count - 1) * step).toISOString());
      return call(
        {
          url,
          headers: { 'User-Agent': 'barcat', Accept: 'application/json' },
          weight: 1,
          label: windowLabel(q, start),
        },
        (res) => parseJson(res, CandlesSchema, `Coinbase candles ${q.symbol}`),
      );
    });
  }
  return { caps: COINBASE_CAPS, baseUrl, fetchBars };
}
