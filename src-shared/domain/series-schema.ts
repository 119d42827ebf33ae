// The zod schema of a series key, parsed at process boundaries (requests, files written); it parses
// with the plain checks of series.ts and timeframe.ts (no zod), which the read paths load alone.
import { z } from 'zod';
import { checkKeyNames } from './series';
import { TimeframeSchema } from './timeframe-schema';

// TimeframeSchema parses the timeframe once; the transform checks the names only.
export const SeriesKeySchema = z
  .object({ venue: z.string(), symbol: z.string(), timeframe: TimeframeSchema })
  .transform((raw, ctx) => {
    const checked = checkKeyNames(raw);
    if ('key' in checked) return checked.key;
    for (const p of checked.problems) ctx.addIssue({ code: 'custom', message: p.message, path: [p.path] });
    return z.NEVER;
  });
