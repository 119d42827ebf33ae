// The zod schema of a timeframe, parsed at process boundaries; the rules are in timeframe.ts (no zod), which
// the read paths load alone.
import { z } from 'zod';
import { parseTimeframe, type Timeframe } from './timeframe';

/** Accepts any valid spelling and yields the canonical one (`60m` -> `1h`). */
export const TimeframeSchema = z.string().transform((raw, ctx): Timeframe => {
  const parsed = parseTimeframe(raw);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.timeframe;
});
