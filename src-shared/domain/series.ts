import { z } from 'zod';
import { type Timeframe, TimeframeSchema } from './timeframe';

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

export const SeriesKeySchema = z
  .object({
    venue: z.string(),
    symbol: z.string(),
    timeframe: TimeframeSchema,
  })
  .transform((k) => ({ ...k, venue: normalizePart(k.venue), symbol: normalizePart(k.symbol) }))
  .superRefine((k, ctx) => {
    for (const what of ['venue', 'symbol'] as const) {
      const problem = partProblem(k[what], what);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [what] });
    }
  });

export interface SeriesKey {
  venue: string;
  symbol: string;
  timeframe: Timeframe;
}

/** `VENUE:SYMBOL:TIMEFRAME`, e.g. `BINANCE:BTCUSDT:1m`; the timeframe in its canonical spelling (`60m` -> `1h`). */
export const SeriesIdSchema = z.string().transform((id, ctx) => {
  const parts = id.split(':');
  if (parts.length !== 3) {
    ctx.addIssue({ code: 'custom', message: `series id "${id}" must look like VENUE:SYMBOL:TIMEFRAME` });
    return z.NEVER;
  }
  const [venue, symbol, timeframe] = parts as [string, string, string];
  const parsed = SeriesKeySchema.safeParse({ venue, symbol, timeframe });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: `series id "${id}": ${issue.message}` });
    return z.NEVER;
  }
  return parsed.data;
});

export function seriesId(key: SeriesKey): string {
  return `${key.venue}:${key.symbol}:${key.timeframe}`;
}

/** Parses a series id or throws an Error whose message says what is wrong. */
export function parseSeriesId(id: string): SeriesKey {
  const parsed = SeriesIdSchema.safeParse(id);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
