import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { ProviderRefusal } from '../errors';
import { parseJson } from '../json';
import type { BarQuery, Caller, GetKey, Provider, ProviderCapabilities } from '../types';

const POLYGON_TIMEFRAMES: Partial<Record<Timeframe, [number, string]>> = {
  '1s': [1, 'second'],
  '1m': [1, 'minute'],
  '3m': [3, 'minute'],
  '5m': [5, 'minute'],
  '15m': [15, 'minute'],
  '30m': [30, 'minute'],
  '1h': [1, 'hour'],
  '2h': [2, 'hour'],
  '4h': [4, 'hour'],
  '6h': [6, 'hour'],
  '8h': [8, 'hour'],
  '12h': [12, 'hour'],
  '1d': [1, 'day'],
  '1w': [1, 'week'],
  '1M': [1, 'month'],
};

export const POLYGON_CAPS: ProviderCapabilities = providerCaps(POLYGON_TIMEFRAMES, {
  name: 'polygon',
  label: 'Polygon.io / Massive aggregates',
  // `limit` counts base aggregates; 50000 is the documented maximum.
  maxRowsPerRequest: 50_000,
  historyFrom: Date.UTC(2003, 8, 10),
  // Free tier: 5 requests per minute.
  rateLimit: { perMinute: 5 },
  defaultBaseUrl: 'https://api.massive.com',
  keyEnv: ['BARCAT_POLYGON_KEY'],
});

const AggSchema = z.object({
  t: z.number(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  n: z.number().optional(),
  vw: z.number().optional(),
});
const AggsPageSchema = z.object({
  status: z.string(),
  // absent when there are no bars
  results: z.array(AggSchema).optional(),
  next_url: z.string().optional(),
});

export function polygon(getKey: GetKey, baseUrl = POLYGON_CAPS.defaultBaseUrl): Provider {
  const origin = new URL(baseUrl).origin;
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const span = POLYGON_TIMEFRAMES[q.timeframe];
    if (!span) throw new ProviderRefusal(`Polygon has no ${q.timeframe} bars`);
    const key = await getKey('polygon');
    if (!key?.secret)
      throw new ProviderRefusal(
        'Polygon needs a key: set BARCAT_POLYGON_KEY (or add it in the app settings)',
      );
    const headers = { Authorization: `Bearer ${key.secret}` };
    const out: Bar[] = [];
    let url: URL | undefined = new URL(
      `/v2/aggs/ticker/${encodeURIComponent(q.symbol)}/range/${span[0]}/${span[1]}/${q.from}/${q.to - 1}`,
      baseUrl,
    );
    url.searchParams.set('adjusted', 'false');
    url.searchParams.set('sort', 'asc');
    url.searchParams.set('limit', '50000');
    while (url) {
      const page: z.output<typeof AggsPageSchema> = await call(
        { url, headers, weight: 1, label: `${q.symbol} ${span.join(' ')}` },
        (res) => parseJson(res, AggsPageSchema, `Polygon aggregates ${q.symbol}`),
      );
      for (const a of page.results ?? [])
        if (a.t >= q.from && a.t < q.to)
          out.push({
            ts: a.t,
            open: a.o,
            high: a.h,
            low: a.l,
            close: a.c,
            volume: a.v,
            trades: a.n,
            vwap: a.vw,
          });
      url = undefined;
      if (page.next_url) {
        const next: URL = new URL(page.next_url, baseUrl);
        // next_url lacks the key; it must never be sent to a host other than the one configured.
        if (next.origin !== origin)
          throw new ProviderRefusal(
            `Polygon's next_url points to ${next.origin}, not ${origin}; the key is not sent there`,
          );
        url = next;
      }
    }
    return out;
  }
  return { caps: POLYGON_CAPS, baseUrl, fetchBars };
}
