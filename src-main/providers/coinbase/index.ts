// Coinbase Exchange public candles: no key, 300 buckets per request, six granularities only.
import type { Bar } from '../../../src-shared/domain/bar';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { nominalMs } from '../../../src-shared/domain/timeframe';
import { ProviderRefusal } from '../errors';
import { parseJson } from '../json';
import { JSON_RESPONSE_LIMIT } from '../limits';
import { addInRange, numAt, rowsSchema, sortedBars } from '../rows';
import type { BarQuery, Caller, Provider, ProviderCapabilities } from '../types';

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

export const COINBASE_CAPS: ProviderCapabilities = {
  name: 'coinbase',
  label: 'Coinbase Exchange candles',
  timeframes: Object.keys(GRANULARITY) as Timeframe[],
  maxRowsPerRequest: MAX_BUCKETS,
  // BTC-USD trading opened on 2015-01-14 (GDAX); older products have nothing before.
  historyFrom: Date.UTC(2015, 0, 14),
  // Documented 10 requests/s per IP with bursts of 15; half that keeps the burst under 15.
  rateLimit: { perMinute: 300 },
  needsKey: false,
  defaultBaseUrl: 'https://api.exchange.coinbase.com',
  keyEnv: [],
  maxResponseBytes: JSON_RESPONSE_LIMIT,
};

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
    const granularity = GRANULARITY[q.timeframe];
    if (!granularity)
      throw new ProviderRefusal(
        `Coinbase has no ${q.timeframe} candles and Barcat does not resample them; it serves ${COINBASE_CAPS.timeframes.join(' ')}`,
      );
    const step = nominalMs(q.timeframe);
    const out = new Map<number, Bar>();
    // Windows of at most 300 buckets, start and end both inclusive: a wider one is refused with 400.
    for (let cursor = Math.ceil(q.from / step) * step; cursor < q.to; cursor += MAX_BUCKETS * step) {
      const buckets = Math.min(MAX_BUCKETS, Math.ceil((q.to - cursor) / step));
      const url = new URL(`/products/${encodeURIComponent(q.symbol)}/candles`, baseUrl);
      url.searchParams.set('granularity', String(granularity));
      url.searchParams.set('start', new Date(cursor).toISOString());
      url.searchParams.set('end', new Date(cursor + (buckets - 1) * step).toISOString());
      const rows = await call(
        {
          url,
          headers: { 'User-Agent': 'barcat', Accept: 'application/json' },
          weight: 1,
          label: `${q.symbol} ${q.timeframe} from ${new Date(cursor).toISOString()}`,
        },
        (res) => parseJson(res, CandlesSchema, `Coinbase candles ${q.symbol}`),
      );
      // Newest first, buckets without trades absent, and candles before `start` may come along.
      addInRange(out, rows, cursor, Math.min(q.to, cursor + buckets * step));
    }
    return sortedBars(out);
  }
  return { caps: COINBASE_CAPS, baseUrl, fetchBars };
}
