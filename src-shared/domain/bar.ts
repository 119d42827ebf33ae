import { z } from 'zod';

/** One OHLCV bar. `ts` is the bar's open time in ms since the epoch, UTC. */
export const BarSchema = z.object({
  ts: z.number().int(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  trades: z.number().optional(),
  vwap: z.number().optional(),
});
export type Bar = z.infer<typeof BarSchema>;

export const ConflictModeSchema = z.enum(['skip', 'overwrite', 'merge']);
/**
 * skip: existing bars win, only new timestamps are added;
 * overwrite: the span [first, last] of the incoming batch is replaced by it;
 * merge: union, on equal ts the incoming bar wins.
 */
export type ConflictMode = z.infer<typeof ConflictModeSchema>;
