import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { ProviderRefusal } from '../errors';
import { parseJson } from '../json';
import type { BarQuery, Caller, GetKey, Provider, ProviderCapabilities } from '../types';

const ALPACA_TIMEFRAMES: Partial<Record<Timeframe, string>> = {
  '1m': '1Min',
  '3m': '3Min',
  '5m': '5Min',
  '15m': '15Min',
  '30m': '30Min',
  '1h': '1Hour',
  '2h': '2Hour',
  '4h': '4Hour',
  '6h': '6Hour',
  '8h': '8Hour',
  '12h': '12Hour',
  '1d': '1Day',
  '1w': '1Week',
  '1M': '1Month',
};

export const ALPACA_CAPS: ProviderCapabilities = providerCaps(ALPACA_TIMEFRAMES, {
  name: 'alpaca',
  label: 'Alpaca stock bars',
  maxRowsPerRequest: 10_000,
  historyFrom: Date.UTC(2016, 0, 1),
  // Free plan: 200 requests per minute.
  rateLimit: { perMinute: 200, remainingHeader: 'x-ratelimit-remaining' },
  defaultBaseUrl: 'https://data.alpaca.markets',
  keyEnv: ['BARCAT_ALPACA_KEY_ID', 'BARCAT_ALPACA_SECRET'],
});

const AlpacaBarSchema = z.object({
  t: z.string(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  n: z.number().optional(),
  vw: z.number().optional(),
});
const AlpacaPageSchema = z.object({
  // null (not []) when nothing matched
  bars: z.array(AlpacaBarSchema).nullable(),
  symbol: z.string().optional(),
  next_page_token: z.string().nullable().optional(),
});

function toRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function alpaca(getKey: GetKey, baseUrl = ALPACA_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const tf = ALPACA_TIMEFRAMES[q.timeframe];
    if (!tf)
      throw new ProviderRefusal(
        `Alpaca has no ${q.timeframe} bars; use one of ${ALPACA_CAPS.timeframes.join(' ')}`,
      );
    const key = await getKey('alpaca');
    if (!key?.id || !key.secret)
      throw new ProviderRefusal(
        'Alpaca needs a key: set BARCAT_ALPACA_KEY_ID and BARCAT_ALPACA_SECRET (or add it in the app settings)',
      );
    const headers = { 'APCA-API-KEY-ID': key.id, 'APCA-API-SECRET-KEY': key.secret };
    const out: Bar[] = [];
    let pageToken: string | undefined;
    do {
      const url = new URL(`/v2/stocks/${encodeURIComponent(q.symbol)}/bars`, baseUrl);
      url.searchParams.set('timeframe', tf);
      url.searchParams.set('start', toRfc3339(q.from));
      // `end` is inclusive.
      url.searchParams.set('end', toRfc3339(q.to - 1000));
      url.searchParams.set('limit', '10000');
      url.searchParams.set('adjustment', 'raw');
      url.searchParams.set('sort', 'asc');
      if (pageToken) url.searchParams.set('page_token', pageToken);
      const page = await call({ url, headers, weight: 1, label: `${q.symbol} ${tf}` }, (res) =>
        parseJson(res, AlpacaPageSchema, `Alpaca bars ${q.symbol}`),
      );
      for (const b of page.bars ?? []) {
        const ts = Date.parse(b.t);
        if (ts >= q.from && ts < q.to)
          out.push({ ts, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v, trades: b.n, vwap: b.vw });
      }
      pageToken = page.next_page_token ?? undefined;
    } while (pageToken);
    return out;
  }
  return { caps: ALPACA_CAPS, baseUrl, fetchBars };
}
