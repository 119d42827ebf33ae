// Kraken spot OHLC: no key, but only the most recent 720 bars exist on this endpoint.
import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { nominalMs } from '../../../../src-shared/domain/timeframe';
import { providerCaps } from '../caps';
import { inBodyError, ProtocolError, ProviderRefusal } from '../errors';
import { parseJson } from '../json';
import { addInRange, numAt, rowsSchema, sortedBars } from '../rows';
import type { BarQuery, Caller, Provider, ProviderCapabilities, RawResponse } from '../types';
import { codeFor, windowLabel } from '../windowed';

/** Interval in minutes; the week (10080) is left out: where Kraken starts it is not confirmed. */
const INTERVAL: Partial<Record<Timeframe, number>> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '4h': 240,
  '1d': 1440,
};
// Kraken documents 720 bars; answers of 707-711 are seen, so Barcat counts on 700.
const RECENT_BARS = 700;
const OLDER_DATA =
  'Older Kraken bars exist only as trades (GET /0/public/Trades, to be aggregated) or in its OHLCVT CSV downloads, which Barcat does not fetch yet; import those files instead.';

export const KRAKEN_CAPS: ProviderCapabilities = providerCaps(INTERVAL, {
  name: 'kraken',
  label: 'Kraken OHLC',
  maxRowsPerRequest: RECENT_BARS,
  historyFrom: Date.UTC(2013, 8, 1),
  recentBarsOnly: RECENT_BARS,
  olderDataHint: OLDER_DATA,
  // About one call per second per IP and pair stays clear of "EGeneral:Too many requests".
  rateLimit: { perMinute: 60 },
  defaultBaseUrl: 'https://api.kraken.com',
});

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'vwap', 'volume', 'count'];

/** `[time s, open, high, low, close, vwap, volume, count]`: prices and volume strings, oldest first. */
const RowsSchema = rowsSchema(
  (row) => ({
    ts: numAt(row, 0, FIELDS) * 1000,
    open: numAt(row, 1, FIELDS),
    high: numAt(row, 2, FIELDS),
    low: numAt(row, 3, FIELDS),
    close: numAt(row, 4, FIELDS),
    vwap: numAt(row, 5, FIELDS),
    volume: numAt(row, 6, FIELDS),
    trades: numAt(row, 7, FIELDS),
  }),
  8,
);
const EnvelopeSchema = z.object({ error: z.array(z.string()), result: z.unknown().optional() });
// The rows sit under Kraken's own pair name (XBTUSD -> XXBTZUSD), next to `last`.
const ResultSchema = z.record(z.string(), z.unknown());

/** Every answer is `{error: [...], result}`; a non-empty `error` is a failure even with HTTP 200. */
function parseOhlc(res: RawResponse, what: string): Bar[] {
  const env = parseJson(res, EnvelopeSchema, what);
  const first = env.error[0];
  if (first !== undefined) {
    const msg = env.error.join('; ');
    if (/^E(General:Too many requests|General:Temporary lockout|API:Rate limit)/.test(first))
      throw inBodyError(429, msg);
    if (/^EService:/.test(first)) throw inBodyError(500, msg);
    // EQuery:Unknown asset pair, EGeneral:Invalid arguments: refused for good.
    throw inBodyError(400, msg);
  }
  const result = parseJson({ ...res, text: () => JSON.stringify(env.result ?? {}) }, ResultSchema, what);
  const keys = Object.keys(result).filter((k) => k !== 'last');
  if (keys.length !== 1)
    throw new ProtocolError(`${what}: expected one pair in the answer, got ${keys.length}`);
  return parseJson({ ...res, text: () => JSON.stringify(result[keys[0]!]) }, RowsSchema, what);
}

export function kraken(baseUrl = KRAKEN_CAPS.defaultBaseUrl): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    const interval = codeFor(INTERVAL, q.timeframe, `Kraken has no ${q.timeframe} OHLC`);
    const step = nominalMs(q.timeframe);
    const from = Math.ceil(q.from / step) * step;
    const url = new URL('/0/public/OHLC', baseUrl);
    url.searchParams.set('pair', q.symbol);
    url.searchParams.set('interval', String(interval));
    // `since` is exclusive: one interval earlier so the bar opening at `from` comes too.
    url.searchParams.set('since', String((from - step) / 1000));
    const rows = await call({ url, weight: 1, label: windowLabel(q, from) }, (res) =>
      parseOhlc(res, `Kraken OHLC ${q.symbol}`),
    );
    // One answer holds every bar from `since` to now, unless `since` fell out of the recent window
    // while the job waited: then the answer starts later and the missing start must not pass as empty.
    const oldest = rows[0]?.ts;
    const newest = rows.at(-1)?.ts;
    if (
      oldest !== undefined &&
      newest !== undefined &&
      oldest > from &&
      from < newest - (RECENT_BARS - 1) * step
    )
      throw new ProviderRefusal(
        `Kraken's OHLC answer starts at ${new Date(oldest).toISOString()}, after the asked ${new Date(from).toISOString()}: it keeps only its most recent 720 bars. ${OLDER_DATA}`,
      );
    const out = new Map<number, Bar>();
    addInRange(out, rows, from, q.to);
    return sortedBars(out);
  }
  return { caps: KRAKEN_CAPS, baseUrl, fetchBars };
}
