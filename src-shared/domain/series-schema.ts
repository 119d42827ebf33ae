// The zod schemas of a series key and id, parsed at process boundaries (requests, files written); both
// parse with the plain checks of series.ts (no zod), which the read paths load alone.
import { z } from 'zod';
import { checkSeriesId, checkSeriesKey } from './series';
import { TimeframeSchema } from './timeframe-schema';

export const SeriesKeySchema = z
  .object({ venue: z.string(), symbol: z.string(), timeframe: TimeframeSchema })
  .transform((raw, ctx) => {
    const checked = checkSeriesKey(raw);
    if ('key' in checked) return checked.key;
    for (const p of checked.problems) ctx.addIssue({ code: 'custom', message: p.message, path: [p.path] });
    return z.NEVER;
  });

/** `VENUE:SYMBOL:TIMEFRAME`, e.g. `BINANCE:BTCUSDT:1m`; the timeframe in its canonical spelling (`60m` -> `1h`). */
export const SeriesIdSchema = z.string().transform((id, ctx) => {
  const checked = checkSeriesId(id);
  if ('key' in checked) return checked.key;
  for (const message of checked.problems) ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});
