import { parseTimeframe, type Timeframe } from './timeframe';

/**
 * A venue or symbol as stored on disk. Letters, digits and `._-` are kept; `/` (as in BTC/USD) is
 * mapped to `_`. Bounded length, no leading dot, so no series id can address a path outside the catalog.
 */
const PART_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Device names Windows reserves in any case, with or without an extension. */
const WINDOWS_RESERVED_RE = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$/i;

export function normalizePart(raw: string): string {
  return raw.trim().replaceAll('/', '_').toUpperCase();
}

export function partProblem(part: string, what: 'venue' | 'symbol'): string | undefined {
  if (part.length === 0) return `${what} is empty`;
  if (part.length > 64) return `${what} "${part.slice(0, 20)}…" is longer than 64 characters`;
  if (part.includes('..')) return `${what} "${part}" contains ".."`;
  if (!PART_RE.test(part))
    return `${what} "${part}" may only hold letters, digits and . _ - / and must start with a letter or digit`;
  // The catalog must open on every OS: Windows cannot create these names and drops a trailing dot.
  if (WINDOWS_RESERVED_RE.test(part))
    return `${what} "${part}" is a device name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an extension); choose another name`;
  if (part.endsWith('.'))
    return `${what} "${part}" ends with a dot, which Windows drops from file names; remove it`;
  return undefined;
}

export interface SeriesKey {
  venue: string;
  symbol: string;
  timeframe: Timeframe;
}

/** Where a series key's part is wrong and why: what SeriesKeySchema reports as its issues. */
export interface SeriesKeyProblem {
  path: 'venue' | 'symbol' | 'timeframe';
  message: string;
}

function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The canonical key of raw parts (venue and symbol normalized, the timeframe's canonical spelling), or
 * every problem: a bad timeframe alone, else each bad venue or symbol.
 */
export function checkSeriesKey(
  raw: Record<'venue' | 'symbol' | 'timeframe', unknown>,
): { key: SeriesKey } | { problems: SeriesKeyProblem[] } {
  // A key from outside (a request, a file) may carry any JSON: say so, as zod would, rather than throw.
  const notText = (['venue', 'symbol', 'timeframe'] as const)
    .filter((what) => typeof raw[what] !== 'string')
    .map((what) => ({ path: what, message: `${what} must be text, found ${describeType(raw[what])}` }));
  if (notText.length > 0) return { problems: notText };
  const { venue, symbol, timeframe } = raw as SeriesKey;
  const tf = parseTimeframe(timeframe);
  if ('error' in tf) return { problems: [{ path: 'timeframe', message: tf.error }] };
  return checkKeyNames({ venue, symbol, timeframe: tf.timeframe });
}

/**
 * checkSeriesKey for text parts whose timeframe is parsed already (SeriesKeySchema's TimeframeSchema
 * did it): venue and symbol normalized, or each one's problem.
 */
export function checkKeyNames({
  venue,
  symbol,
  timeframe,
}: SeriesKey): { key: SeriesKey } | { problems: SeriesKeyProblem[] } {
  const key = { venue: normalizePart(venue), symbol: normalizePart(symbol), timeframe };
  const problems: SeriesKeyProblem[] = [];
  for (const what of ['venue', 'symbol'] as const) {
    const message = partProblem(key[what], what);
    if (message) problems.push({ path: what, message });
  }
  return problems.length > 0 ? { problems } : { key };
}

/**
 * The key of `VENUE:SYMBOL:TIMEFRAME` (e.g. `BINANCE:BTCUSDT:1m`; the timeframe in its canonical
 * spelling, `60m` -> `1h`), or the messages of what is wrong.
 */
export function checkSeriesId(id: string): { key: SeriesKey } | { problems: string[] } {
  const parts = id.split(':');
  if (parts.length !== 3) return { problems: [`series id "${id}" must look like VENUE:SYMBOL:TIMEFRAME`] };
  const [venue, symbol, timeframe] = parts as [string, string, string];
  const checked = checkSeriesKey({ venue, symbol, timeframe });
  if ('key' in checked) return checked;
  return { problems: checked.problems.map((p) => `series id "${id}": ${p.message}`) };
}

export function seriesId(key: SeriesKey): string {
  return `${key.venue}:${key.symbol}:${key.timeframe}`;
}

/** Parses a series id or throws an Error whose message says what is wrong. */
export function parseSeriesId(id: string): SeriesKey {
  const checked = checkSeriesId(id);
  if ('problems' in checked) throw new Error(checked.problems.join('; '));
  return checked.key;
}
