import { z } from 'zod';

/** A half-open time interval [from, to) in ms UTC. Used for every range in Barcat. */
export const IntervalSchema = z
  .object({ from: z.number().int(), to: z.number().int() })
  .refine((r) => r.to >= r.from, { message: 'range end must not be before its start' });
export type Interval = z.infer<typeof IntervalSchema>;

/** A range recorded as empty at the source: asked for, answered with no bars. */
export const CheckedEmptySchema = z.object({
  // An interval's fields, without its from <= to check (which these entries were never held to).
  ...IntervalSchema.shape,
  provider: z.string(),
  checkedAt: z.number().int(),
});
export type CheckedEmpty = z.infer<typeof CheckedEmptySchema>;
