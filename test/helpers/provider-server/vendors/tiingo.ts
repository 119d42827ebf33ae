// Tiingo stand-in: end-of-day `/tiingo/daily/{ticker}/prices` and IEX `/iex/{ticker}/prices` with
// startDate/endDate (whole days, both inclusive), `Authorization: Token KEY`, rows oldest first.
import { type GeneratedBar, generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const DAY = 86_400_000;

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Prices of `ticker` (lower case in the path); `iex` picks the intraday endpoint. */
export function tiingoPrices(ctx: RouteContext, ticker: string, iex: boolean): Reply {
  if (ctx.headers.authorization !== `Token ${ctx.keys.tiingoKey}`)
    return json(401, { detail: 'Invalid token.' });
  const symbol = ticker.toUpperCase();
  if (!ctx.spec.symbols.includes(symbol)) return json(404, { detail: `Error: Ticker '${ticker}' not found` });
  const q = ctx.url.searchParams;
  const start = Date.parse(`${q.get('startDate')}T00:00:00Z`);
  const end = Date.parse(`${q.get('endDate')}T00:00:00Z`) + DAY - 1;
  if (!Number.isFinite(start) || !Number.isFinite(end))
    return json(400, { detail: 'Error: startDate and endDate must be YYYY-MM-DD' });
  if (!iex) {
    const days = openTimes(ctx.spec, symbol, DAY, start, end, ctx.now - DAY).filter(
      (t) => (new Date(t).getUTCDay() + 6) % 7 < 5,
    );
    // No splits or dividends: the adjusted values are the raw ones.
    return json(
      200,
      rows(ctx, symbol, DAY, days, (b) => ({
        volume: b.volume,
        adjClose: b.close,
        adjHigh: b.high,
        adjLow: b.low,
        adjOpen: b.open,
        adjVolume: b.volume,
        divCash: 0,
        splitFactor: 1,
      })),
    );
  }
  const freq = /^([0-9]+)(min|hour)$/.exec(q.get('resampleFreq') ?? '5min');
  if (!freq) return json(400, { detail: 'Error: resampleFreq must be like 5min or 1hour' });
  const step = Number(freq[1]) * (freq[2] === 'min' ? 60_000 : 3_600_000);
  const withVolume = (q.get('columns') ?? '').split(',').includes('volume');
  const times = openTimes(ctx.spec, symbol, step, start, end, ctx.now);
  return json(
    200,
    rows(ctx, symbol, step, times, (b) => (withVolume ? { volume: b.volume } : {})),
  );
}

/** The price rows of `symbol` at `times` (bars of `step` ms), each with the fields `more` adds. */
function rows(
  ctx: RouteContext,
  symbol: string,
  step: number,
  times: number[],
  more: (b: GeneratedBar) => object,
) {
  return times.map((t) => {
    const b = generateBar(ctx.spec.seed, symbol, step, t);
    return {
      date: new Date(t).toISOString(),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      ...more(b),
    };
  });
}
