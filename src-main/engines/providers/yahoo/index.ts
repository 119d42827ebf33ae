// Yahoo Finance chart API: unofficial (no contract, no key, may change or block without notice), a
// convenience for stocks. Intraday depth is short and each request is capped, so both are enforced here.
import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import { DAY, nominalMs, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { inBodyError } from '../errors';
import { parseJson } from '../json';
import type { BarQuery, Caller, Provider, ProviderCapabilities, RawResponse } from '../types';
import { codeFor, fetchWindows, windowLabel } from '../windowed';

/**
 * Yahoo's interval codes. 1h is left out: Yahoo's hourly US bars open at :30 (09:30, 10:30 ...), off the
 * catalog's hour grid; 30m too (Yahoo answers it with 60-minute bars).
 */
const INTERVAL: Partial<Record<Timeframe, string>> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '1d': '1d',
};

/** Days one request may span: Yahoo refuses more than 7 days of 1m ("Only 7 days worth ..."). */
const REQUEST_DAYS: Partial<Record<Timeframe, number>> = { '1m': 7, '5m': 30, '15m': 30, '1d': 3650 };

export const YAHOO_CAPS: ProviderCapabilities = providerCaps(INTERVAL, {
  name: 'yahoo',
  label: 'Yahoo Finance chart (unofficial)',
  maxRowsPerRequest: 7 * 1440,
  historyFrom: Date.UTC(1962, 0, 2),
  // How far back each intraday interval exists; older ranges are refused when planned.
  recentWindowMs: { '1m': 30 * DAY, '5m': 60 * DAY, '15m': 60 * DAY },
  // No published limit; 429s are frequent, so Barcat stays at one call every two seconds.
  rateLimit: { perMinute: 30 },
  defaultBaseUrl: 'https://query2.finance.yahoo.com',
});

const Nums = z.array(z.number().nullable());
const ChartSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: z.object({ gmtoffset: z.number(), exchangeTimezoneName: z.string().optional() }),
          // Absent when there is no data in the range.
          timestamp: z.array(z.number()).optional(),
          indicators: z.object({
            quote: z.array(
              z.object({
                open: Nums.optional(),
                high: Nums.optional(),
                low: Nums.optional(),
                close: Nums.optional(),
                volume: Nums.optional(),
              }),
            ),
          }),
        }),
      )
      .nullable(),
    error: z.object({ code: z.string(), description: z.string() }).nullable(),
  }),
});

interface YahooPage {
  bars: Bar[];
  /** Rows whose prices are null: skipped, never stored as zeros. */
  skipped: number;
}

/**
 * Bars from a chart answer. Prices are the `quote` arrays as sent: split-adjusted by Yahoo, not
 * dividend-adjusted (`adjclose` is not used). A daily bar is keyed by its session date: Yahoo stamps it
 * at the session's open, so the date is taken at the exchange's UTC offset and stored at 00:00 UTC.
 */
function parseChart(res: RawResponse, what: string, daily: boolean): YahooPage {
  const chart = parseJson(res, ChartSchema, what).chart;
  if (chart.error) throw inBodyError(400, `${chart.error.code}: ${chart.error.description}`);
  const r = chart.result?.[0];
  const times = r?.timestamp ?? [];
  const q = r?.indicators.quote[0] ?? {};
  const bars: Bar[] = [];
  let skipped = 0;
  for (let i = 0; i < times.length; i++) {
    const [open, high, low, close] = [q.open?.[i], q.high?.[i], q.low?.[i], q.close?.[i]];
    if (open == null || high == null || low == null || close == null) {
      skipped++;
      continue;
    }
    const sec = times[i]!;
    const ts = daily ? Math.floor((sec + r!.meta.gmtoffset) / 86_400) * DAY : sec * 1000;
    bars.push({ ts, open, high, low, close, volume: q.volume?.[i] ?? 0 });
  }
  return { bars, skipped };
}

export function yahoo(baseUrl = YAHOO_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const interval = codeFor(INTERVAL, q.timeframe, `Yahoo has no ${q.timeframe} chart`);
    const daily = q.timeframe === '1d';
    const perRequest = ((REQUEST_DAYS[q.timeframe] ?? 7) * DAY) / nominalMs(q.timeframe);
    return fetchWindows(q, perRequest, async (w) => {
      const url = new URL(`/v8/finance/chart/${encodeURIComponent(q.symbol)}`, baseUrl);
      // A daily bar is stamped at its session's open, which east of Greenwich can fall on the day
      // before in UTC: daily windows start a day early (bars outside the window are dropped).
      url.searchParams.set('period1', String((w.start - (daily ? DAY : 0)) / 1000));
      url.searchParams.set('period2', String((w.start + w.count * w.step) / 1000));
      url.searchParams.set('interval', interval);
      url.searchParams.set('includePrePost', 'false');
      const page = await call({ url, weight: 1, label: windowLabel(q, w.start) }, (res) =>
        parseChart(res, `Yahoo chart ${q.symbol}`, daily),
      );
      if (page.skipped) q.onSkipped?.(page.skipped);
      return page.bars;
    });
  }
  return { caps: YAHOO_CAPS, baseUrl, fetchBars };
}
