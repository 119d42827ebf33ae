// The zod schemas of a bar and a conflict mode, parsed at process boundaries; their types and the bar
// rules are in bar.ts (no zod), which the read paths and the decode worker load alone.
import { z } from 'zod';
import type { Equal, Same } from '../type-equal';
import { type Bar, CONFLICT_MODES, type ConflictMode } from './bar';

/** A bar's open, high, low, close and volume: what an import preview's rows and a refetch comparison show. */
export const OhlcvSchema = z.object({
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
});

export const BarSchema = z.object({
  ts: z.number().int(),
  ...OhlcvSchema.shape,
  trades: z.number().optional(),
  vwap: z.number().optional(),
});
export type BarSchemaIsBar = Same<Equal<z.infer<typeof BarSchema>, Bar>>;

export const ConflictModeSchema = z.enum(CONFLICT_MODES);
export type ConflictModeSchemaIsConflictMode = Same<Equal<z.infer<typeof ConflictModeSchema>, ConflictMode>>;
