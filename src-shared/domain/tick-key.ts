// A tick series' kind, key and id: the part of the tick domain the catalog's tick store needs, apart
// from ticks.ts's import plans and cards.
import { z } from 'zod';
import { normalizePart, partProblem } from './series';

/** Quotes: time, bid, ask (sizes optional). Trades: time, price, size (side and id optional). */
export const TickKindSchema = z.enum(['quotes', 'trades']);
export type TickKind = z.infer<typeof TickKindSchema>;

/** A tick series: one venue, symbol and kind. */
export interface TickKey {
  venue: string;
  symbol: string;
  kind: TickKind;
}

export const TickKeySchema = z
  .object({ venue: z.string(), symbol: z.string(), kind: TickKindSchema })
  .transform((k) => ({ ...k, venue: normalizePart(k.venue), symbol: normalizePart(k.symbol) }))
  .superRefine((k, ctx) => {
    for (const what of ['venue', 'symbol'] as const) {
      const problem = partProblem(k[what], what);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [what] });
    }
  });

/** `VENUE:SYMBOL:quotes` or `VENUE:SYMBOL:trades`: never a bar series id (no timeframe is spelled so). */
export function tickSeriesId(key: TickKey): string {
  return `${key.venue}:${key.symbol}:${key.kind}`;
}

/** Parses a tick series id or throws an Error whose message says what is wrong. */
export function parseTickSeriesId(id: string): TickKey {
  const [venue, symbol, kind, ...rest] = id.split(':');
  if (rest.length > 0 || kind === undefined || !TickKindSchema.safeParse(kind).success)
    throw new Error(`tick series id "${id}" must look like VENUE:SYMBOL:quotes or VENUE:SYMBOL:trades`);
  const parsed = TickKeySchema.safeParse({ venue, symbol, kind });
  if (!parsed.success) throw new Error(`tick series id "${id}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
