// Yahoo Finance chart API stand-in: `/v8/finance/chart/{symbol}` with period1/period2 (s) and
// interval, its intraday limits (7 days of 1m per request, 1m only for 30 days, 5m/15m 60 days), nulls
// for minutes without trades, daily bars stamped at the New York session open, 404/422 error bodies.
import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const DAY = 86_400_000;
const STEP: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1d': DAY };
const DEPTH_DAYS: Record<string, number> = { '1m': 30, '5m': 60, '15m': 60 };
/** America/New_York in winter: the session opens 14:30 UTC, gmtoffset -18000. */
const GMT_OFFSET = -18_000;
const SESSION_OPEN = 14.5 * 3_600_000;

/** What Yahoo answers when it throttles: plain text, no Retry-After. */
export const YAHOO_TOO_MANY: Reply = {
  status: 429,
  headers: { 'content-type': 'text/plain' },
  body: 'Too Many Requests',
};

const chartError = (status: number, code: string, description: string): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ chart: { result: null, error: { code, description } } }),
});

/** A bar without trades (the generator's idle bars) comes as nulls, as Yahoo sends them. */
export function yahooChart(ctx: RouteContext, symbol: string): Reply {
  const q = ctx.url.searchParams;
  const interval = q.get('interval') ?? '1d';
  const step = STEP[interval];
  if (!step) return chartError(400, 'Bad Request', `Invalid input - interval=${interval} is not supported.`);
  if (!ctx.spec.symbols.includes(symbol))
    return chartError(404, 'Not Found', 'No data found, symbol may be delisted');
  const p1 = Number(q.get('period1')) * 1000;
  const p2 = Number(q.get('period2')) * 1000;
  if (!(p1 < p2)) return chartError(400, 'Bad Request', 'Invalid input - period1 must be before period2');
  if (interval === '1m' && p2 - p1 > 7 * DAY)
    return chartError(
      422,
      'Unprocessable Entity',
      'Only 7 days worth of 1m granularity data are allowed to be fetched per request.',
    );
  const depth = DEPTH_DAYS[interval];
  if (depth !== undefined && p1 < ctx.now - depth * DAY)
    return chartError(
      422,
      'Unprocessable Entity',
      `${interval} data not available for startTime=${p1 / 1000} and endTime=${p2 / 1000}. The requested range must be within the last ${depth} days.`,
    );
  const daily = interval === '1d';
  const shift = daily ? SESSION_OPEN : 0;
  // A day's bar exists on weekdays; its timestamp is the session open.
  const opens = openTimes(ctx.spec, symbol, step, p1 - shift, p2 - shift - 1, ctx.now).filter(
    (t) => !daily || (new Date(t).getUTCDay() + 6) % 7 < 5,
  );
  const bars = opens.map((t) => generateBar(ctx.spec.seed, symbol, step, t));
  const col = (f: (b: (typeof bars)[number]) => number) => bars.map((b) => (b.volume === 0 ? null : f(b)));
  const quote = {
    open: col((b) => b.open),
    high: col((b) => b.high),
    low: col((b) => b.low),
    close: col((b) => b.close),
    volume: col((b) => b.volume),
  };
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      chart: {
        result: [
          {
            meta: {
              currency: 'USD',
              symbol,
              exchangeName: 'NMS',
              instrumentType: 'EQUITY',
              gmtoffset: GMT_OFFSET,
              timezone: 'EST',
              exchangeTimezoneName: 'America/New_York',
              dataGranularity: interval,
            },
            // No rows: Yahoo leaves out `timestamp` and sends one empty quote.
            ...(bars.length
              ? {
                  timestamp: opens.map((t) => (t + shift) / 1000),
                  indicators: { quote: [quote], ...(daily ? { adjclose: [{ adjclose: quote.close }] } : {}) },
                }
              : { indicators: { quote: [{}] } }),
          },
        ],
        error: null,
      },
    }),
  };
}
