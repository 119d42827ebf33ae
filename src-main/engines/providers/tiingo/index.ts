// Tiingo (free key): end-of-day bars (/tiingo/daily) and IEX intraday bars (/iex, resampled).
import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { inBodyError, ProviderRefusal } from '../errors';
import { parseJson } from '../json';
import { addInRange, sortedBars } from '../rows';
import type { BarQuery, Caller, GetKey, Provider, ProviderCapabilities, RawResponse } from '../types';
import { codeFor, windowLabel } from '../windowed';

/**
 * `resampleFreq` of the IEX endpoint per intraday timeframe; 1d comes from the end-of-day endpoint.
 * 1h is left out: where Tiingo starts an hour of a 09:30 session is not confirmed.
 */
const IEX_FREQ: Partial<Record<Timeframe, string>> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
};
const TIINGO_TIMEFRAMES: Partial<Record<Timeframe, string>> = { ...IEX_FREQ, '1d': 'daily' };

export const TIINGO_CAPS: ProviderCapabilities = providerCaps(TIINGO_TIMEFRAMES, {
  name: 'tiingo',
  label: 'Tiingo',
  // IEX answers are said to hold the most recent 2000 bars at most (riingo; unconfirmed): stay there.
  maxRowsPerRequest: 2000,
  historyFrom: Date.UTC(1962, 0, 2),
  // Free plan: 50 requests an hour (widely quoted; unconfirmed).
  rateLimit: { perMinute: 50 / 60 },
  defaultBaseUrl: 'https://api.tiingo.com',
  keyEnv: ['BARCAT_TIINGO_KEY'],
});

/** Rows oldest first; `date` is the bar open (ISO, UTC). Daily rows carry adj* fields, unused. */
const RowsSchema = z.array(
  z.object({
    date: z.string(),
    open: z.number(),
    high: z.number(),
    low: z.number(),
    close: z.number(),
    // IEX volume only when asked for in `columns`; it is IEX's own volume, not the consolidated one.
    volume: z.number().optional(),
  }),
);

const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Over its symbol quota Tiingo has answered HTTP 200 with a plain-text sentence: that is a refusal
 * for this month, not a body to retry.
 */
function parseRows(res: RawResponse, what: string): Bar[] {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) throw inBodyError(403, res.text().trim().slice(0, 200));
  return parseJson(res, RowsSchema, what).map((r) => ({
    ts: Date.parse(r.date),
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume ?? 0,
  }));
}

export function tiingo(getKey: GetKey, baseUrl = TIINGO_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    codeFor(TIINGO_TIMEFRAMES, q.timeframe, `Tiingo has no ${q.timeframe} bars`);
    const key = await getKey('tiingo');
    if (!key?.secret)
      throw new ProviderRefusal('Tiingo needs a key: set BARCAT_TIINGO_KEY (or add it in the app settings)');
    const daily = q.timeframe === '1d';
    const ticker = encodeURIComponent(q.symbol.toLowerCase());
    const url = new URL(daily ? `/tiingo/daily/${ticker}/prices` : `/iex/${ticker}/prices`, baseUrl);
    // Both dates inclusive, whole days: the rows outside [from, to) are dropped below.
    url.searchParams.set('startDate', ymd(q.from));
    url.searchParams.set('endDate', ymd(q.to - 1));
    // Raw prices: the adjusted ones change with every later split or dividend.
    if (!daily) {
      url.searchParams.set('resampleFreq', IEX_FREQ[q.timeframe]!);
      url.searchParams.set('columns', 'open,high,low,close,volume');
      url.searchParams.set('afterHours', 'false');
      url.searchParams.set('forceFill', 'false');
    }
    const headers = { Authorization: `Token ${key.secret}`, 'Content-Type': 'application/json' };
    const rows = await call({ url, headers, weight: 1, label: windowLabel(q, q.from) }, (res) =>
      parseRows(res, `Tiingo ${daily ? 'daily' : 'IEX'} prices ${q.symbol}`),
    );
    const out = new Map<number, Bar>();
    addInRange(out, rows, q.from, q.to);
    return sortedBars(out);
  }
  return { caps: TIINGO_CAPS, baseUrl, fetchBars };
}
