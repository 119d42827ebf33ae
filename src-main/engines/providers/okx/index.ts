// OKX v5 history candles: no key, years of history, rows newest first, `after`/`before` exclusive.
import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { inBodyError } from '../errors';
import { parseJson } from '../json';
import { tsOhlcvRows } from '../rows';
import type { BarQuery, Caller, Provider, ProviderCapabilities, RawResponse } from '../types';
import { codeFor, fetchWindows, windowLabel } from '../windowed';

// Case-sensitive; 6h and longer in their UTC-aligned spelling (plain `1D` starts at 16:00 UTC).
// Weeks and months are left out: their alignment is not confirmed.
const BAR: Partial<Record<Timeframe, string>> = {
  '1m': '1m',
  '3m': '3m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1H',
  '2h': '2H',
  '4h': '4H',
  '6h': '6Hutc',
  '12h': '12Hutc',
  '1d': '1Dutc',
};
// The Nov-2025 docs cap history-candles at 100 rows, a later copy at 300: 100 is valid under both.
const PAGE_ROWS = 100;

export const OKX_CAPS: ProviderCapabilities = providerCaps(BAR, {
  name: 'okx',
  label: 'OKX history candles',
  maxRowsPerRequest: PAGE_ROWS,
  historyFrom: Date.UTC(2018, 0, 1),
  // Documented 20 requests per 2 s per IP (600/min); half that keeps a burst under 20.
  rateLimit: { perMinute: 300 },
  defaultBaseUrl: 'https://www.okx.com',
});

const FIELDS = ['ts', 'o', 'h', 'l', 'c', 'vol', 'volCcy', 'volCcyQuote', 'confirm'];

/** `[ts ms, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`, all strings; older rows may be shorter. Spot: `vol` is in the base currency, as every other provider's volume. */
const RowsSchema = tsOhlcvRows(FIELDS);
const EnvelopeSchema = z.object({ code: z.string(), msg: z.string(), data: z.unknown() });

/** OKX puts the outcome in `code` ("0" = success), often with HTTP 200 for errors too. */
function parseCandles(res: RawResponse, what: string): Bar[] {
  const env = parseJson(res, EnvelopeSchema, what);
  if (env.code !== '0') {
    const msg = `${env.msg || 'error'} (code ${env.code})`;
    // 50011 rate limit, 50040 too frequent: wait; 50026 system error: retry.
    if (env.code === '50011' || env.code === '50040') throw inBodyError(429, msg);
    if (env.code === '50026') throw inBodyError(500, msg);
    // 51001 instrument does not exist, 51000 parameter error: refused for good.
    throw inBodyError(400, msg);
  }
  return parseJson({ ...res, text: () => JSON.stringify(env.data) }, RowsSchema, what);
}

export function okx(baseUrl = OKX_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const bar = codeFor(BAR, q.timeframe, `OKX has no ${q.timeframe} candles`);
    // Windows of at most 100 bars: `after` = bars older than the window's end, `before` = newer than
    // the bar before its start (both exclusive), so one request holds the whole window.
    return fetchWindows(q, PAGE_ROWS, ({ start, count, step }) => {
      const url = new URL('/api/v5/market/history-candles', baseUrl);
      url.searchParams.set('instId', q.symbol);
      url.searchParams.set('bar', bar);
      url.searchParams.set('after', String(start + count * step));
      url.searchParams.set('before', String(start - 1));
      url.searchParams.set('limit', String(count));
      return call({ url, weight: 1, label: windowLabel(q, start) }, (res) =>
        parseCandles(res, `OKX history candles ${q.symbol}`),
      );
    });
  }
  return { caps: OKX_CAPS, baseUrl, fetchBars };
}
