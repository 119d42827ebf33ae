// Bybit v5 market klines (spot): no key, up to 1000 rows per request, rows newest first.
import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { inBodyError } from '../errors';
import { parseJson } from '../json';
import { tsOhlcvRows } from '../rows';
import type { BarQuery, Caller, Provider, ProviderCapabilities, RawResponse } from '../types';
import { codeFor, fetchWindows, windowLabel } from '../windowed';

// W and M are left out: where Bybit starts its weeks and months is not confirmed.
const INTERVAL: Partial<Record<Timeframe, string>> = {
  '1m': '1',
  '3m': '3',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '2h': '120',
  '4h': '240',
  '6h': '360',
  '12h': '720',
  '1d': 'D',
};
const MAX_ROWS = 1000;

export const BYBIT_CAPS: ProviderCapabilities = providerCaps(INTERVAL, {
  name: 'bybit',
  label: 'Bybit spot klines',
  maxRowsPerRequest: MAX_ROWS,
  // Bybit spot opened in 2021; asking earlier only costs empty answers.
  historyFrom: Date.UTC(2021, 6, 1),
  // Documented 600 requests per 5 s per IP (7,200/min); going over means an HTTP 403 ban of 10
  // minutes or more, so Barcat stays at a tenth of it.
  rateLimit: { perMinute: 600 },
  defaultBaseUrl: 'https://api.bybit.com',
});

const FIELDS = ['startTime', 'open', 'high', 'low', 'close', 'volume', 'turnover'];

/** `[startTime ms, open, high, low, close, volume, turnover]`, all strings. */
const RowsSchema = tsOhlcvRows(FIELDS);
const EnvelopeSchema = z.object({ retCode: z.number(), retMsg: z.string(), result: z.unknown() });
const ResultSchema = z.object({ list: RowsSchema });

/** Bybit answers most errors with HTTP 200 and a non-zero retCode. */
function parseKlines(res: RawResponse, what: string): Bar[] {
  const env = parseJson(res, EnvelopeSchema, what);
  if (env.retCode !== 0) {
    const msg = `${env.retMsg} (retCode ${env.retCode})`;
    // 10006 too many visits, 10018 over the IP limit: wait; 10016 server error: retry.
    if (env.retCode === 10006 || env.retCode === 10018) throw inBodyError(429, msg);
    if (env.retCode === 10016) throw inBodyError(500, msg);
    // 10001 parameter error (an unknown symbol among them), 10029 not whitelisted: refused for good.
    throw inBodyError(400, msg);
  }
  return parseJson({ ...res, text: () => JSON.stringify(env.result) }, ResultSchema, what).list;
}

export function bybit(baseUrl = BYBIT_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const interval = codeFor(INTERVAL, q.timeframe, `Bybit has no ${q.timeframe} klines`);
    // Windows of at most 1000 bars, `start`/`end` both inclusive: one request each holds them all.
    // Rows come newest first.
    return fetchWindows(q, MAX_ROWS, ({ start, count, step }) => {
      const url = new URL('/v5/market/kline', baseUrl);
      url.searchParams.set('category', 'spot');
      url.searchParams.set('symbol', q.symbol);
      url.searchParams.set('interval', interval);
      url.searchParams.set('start', String(start));
      url.searchParams.set('end', String(start + count * step - 1));
      url.searchParams.set('limit', String(count));
      return call({ url, weight: 1, label: windowLabel(q, start) }, (res) =>
        parseKlines(res, `Bybit klines ${q.symbol}`),
      );
    });
  }
  return { caps: BYBIT_CAPS, baseUrl, fetchBars };
}
