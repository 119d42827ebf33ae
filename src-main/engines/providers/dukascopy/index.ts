// Dukascopy's hourly quote ticks in either of its two shapes, chosen by the base URL: the legacy
// .bi5 datafeed (.../datafeed) or the JSON API dukascopy-node moved to in 2026 (.../v1).
import { BarcatError } from '../../../plumbing/errors';
import type { QuoteTicks } from '../../catalog/index';
import type { Caller, RateLimitModel } from '../types';
import { decodeBi5 } from './bi5';
import { DUKASCOPY_DECIMAL_FACTORS, jsonInstrumentCode } from './instruments';
import { decodeJsonTicks } from './json-ticks';

export { DUKASCOPY_DECIMAL_FACTORS } from './instruments';

/** The JSON API (the maintained client's; the legacy host stopped resolving for some users in 2026). */
export const DUKASCOPY_JSON_BASE = 'https://jetta.dukascopy.com/v1';
export const DUKASCOPY_BI5_BASE = 'https://datafeed.dukascopy.com/datafeed';
/** Undocumented; dukascopy-node sends 10 URLs per second by default: we stay at 600 a minute. */
export const DUKASCOPY_RATE: RateLimitModel = { perMinute: 600 };
export const DUKASCOPY_LABEL = 'Dukascopy';

export type DukascopyShape = 'bi5' | 'json';

export interface DukascopySource {
  shape: DukascopyShape;
  base: string;
  symbol: string;
  factor: number;
}

/** The shape a base URL speaks: a path ending in /datafeed is the .bi5 feed, one ending in /v1 the JSON API. */
export function dukascopyShape(baseUrl: string): DukascopyShape {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  if (path.endsWith('/datafeed')) return 'bi5';
  if (path.endsWith('/v1')) return 'json';
  throw new BarcatError(
    'BAD_INPUT',
    `--base-url ${baseUrl}: a Dukascopy base URL ends in /datafeed (the .bi5 files, e.g. ${DUKASCOPY_BI5_BASE}) or /v1 (the JSON API, e.g. ${DUKASCOPY_JSON_BASE})`,
    { reason: 'BAD_BASE_URL', baseUrl },
  );
}

/** The source for one instrument; an instrument without a known price scale is refused. */
export function dukascopySource(symbol: string, baseUrl = DUKASCOPY_JSON_BASE): DukascopySource {
  const sym = symbol.toUpperCase();
  const factor = DUKASCOPY_DECIMAL_FACTORS[sym];
  if (factor === undefined)
    throw new BarcatError(
      'BAD_INPUT',
      `Dukascopy instrument ${symbol} is not known to Barcat (its price scale is needed to read the ticks); known: ${Object.keys(DUKASCOPY_DECIMAL_FACTORS).join(', ')}`,
      { reason: 'UNKNOWN_INSTRUMENT', symbol },
    );
  const base = baseUrl.replace(/\/+$/, '');
  return { shape: dukascopyShape(base), base, symbol: sym, factor };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The URL of one UTC hour of ticks: months are zero-based in the .bi5 path, one-based in the JSON API. */
export function hourUrl(src: DukascopySource, hourMs: number): URL {
  const d = new Date(hourMs);
  const [y, m, day, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
  return src.shape === 'bi5'
    ? new URL(`${src.base}/${src.symbol}/${y}/${pad(m)}/${pad(day)}/${pad(h)}h_ticks.bi5`)
    : new URL(`${src.base}/ticks/${jsonInstrumentCode(src.symbol)}/${y}/${m + 1}/${day}/${h}`);
}

/** One hour's quote ticks (none: an empty hour), through the engine's caller (limits, retries). */
export function fetchHourTicks(src: DukascopySource, hourMs: number, call: Caller): Promise<QuoteTicks> {
  const label = `${src.symbol} ${new Date(hourMs).toISOString().slice(0, 13)}h`;
  const url = hourUrl(src, hourMs);
  return call({ url, weight: 1, label }, (res) =>
    src.shape === 'bi5'
      ? decodeBi5(res.body, hourMs, src.factor, `${DUKASCOPY_LABEL} ${label}`)
      : decodeJsonTicks(res.text(), `${DUKASCOPY_LABEL} ${label}`),
  );
}
