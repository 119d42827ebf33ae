import { z } from 'zod';
import { IntervalSchema } from './range';
import { type TickKind, TickKindSchema } from './tick-key';
import { DAY, isFixedTimeframe, nominalMs, parseTimeframe, TIMEFRAMES, type Timeframe } from './timeframe';

// A tick series' key and id live in tick-key.ts: the catalog's tick store reads only them, and the
// catalog loads it in every command (`barcat list` builds none of the tick import's schemas).
export {
  parseTickSeriesId,
  type TickKey,
  TickKeySchema,
  type TickKind,
  TickKindSchema,
  tickSeriesId,
} from './tick-key';

/** What a tick import keeps: the ticks, bars built from them, or both. */
export const TicksModeSchema = z.enum(['keep', 'bars', 'both']);
export type TicksMode = z.infer<typeof TicksModeSchema>;

/** Which price bars from ticks follow: quotes give bid, ask or mid; trades give last. */
export const TickPriceSchema = z.enum(['bid', 'ask', 'mid', 'last']);
export type TickPrice = z.infer<typeof TickPriceSchema>;

/** Bars' volume from ticks: summed sizes, or the tick count when the ticks carry no sizes. */
export type TickVolume = 'size' | 'count';

/** The price a tick kind offers by default, and whether `price` fits the kind. */
export function priceFits(kind: TickKind, price: TickPrice): boolean {
  return kind === 'trades' ? price === 'last' : price !== 'last';
}

/** Tick file layouts the import knows; `generic` is any CSV with an explicit column mapping. */
/**
 * The step of a custom timeframe's bars built from ticks, counted from UTC midnight: only one that
 * divides a day (15s, 10m, 45m, 3h) has a grid ticks can be cut on; undefined for a fixed timeframe.
 * (Imported custom bars open where their vendor's do, which ticks do not say.)
 */
export function customTickBarStep(tf: Timeframe): number | undefined {
  return isFixedTimeframe(tf) ? undefined : nominalMs(tf);
}

/** The timeframe of bars built from ticks: a fixed one, or a custom one of seconds, minutes or hours that divides a day. */
export function parseTickBarTimeframe(raw: string): { timeframe: Timeframe } | { error: string } {
  const tf = parseTimeframe(raw);
  if ('error' in tf) return tf;
  const unit = tf.timeframe.slice(-1);
  if (
    isFixedTimeframe(tf.timeframe) ||
    (['s', 'm', 'h'].includes(unit) && DAY % nominalMs(tf.timeframe) === 0)
  )
    return tf;
  return {
    error: `bars are built from ticks on grids from UTC midnight: ${tf.timeframe} does not divide a day; use one of ${TIMEFRAMES.join(' ')} or seconds, minutes or hours that divide a day (15s, 10m, 45m)`,
  };
}

export const TickFormatSchema = z.enum([
  'dukascopy',
  'histdata',
  'binance-trades',
  'binance-aggtrades',
  'truefx',
  'generic',
]);
export type TickFormat = z.infer<typeof TickFormatSchema>;

/** Tick fields a file's columns map to. */
export const TickFieldSchema = z.enum([
  'ts',
  'bid',
  'ask',
  'bid_size',
  'ask_size',
  'price',
  'size',
  'side',
  'id',
]);
export type TickField = z.infer<typeof TickFieldSchema>;

/**
 * How a time is written: dmy-dots `02.01.2024 00:00:00.123` (an optional ` GMT+0200` suffix is the
 * offset), ymd-glued `20240102 000000123`, ymd-colons `20240102 00:00:00.123`, iso `2024-01-02T00:00:00.123456Z`
 * (offset optional), or an epoch count in s, ms, µs or ns.
 */
export const TickTimeSchema = z.enum([
  'dmy-dots',
  'ymd-glued',
  'ymd-colons',
  'iso',
  'epoch-s',
  'epoch-ms',
  'epoch-us',
  'epoch-ns',
]);
export type TickTime = z.infer<typeof TickTimeSchema>;

/** Everything a tick import does with one file: what the preview shows is what runs, verbatim. */
export const TickPlanSchema = z.object({
  format: TickFormatSchema,
  kind: TickKindSchema,
  venue: z.string().min(1),
  symbol: z.string().min(1),
  hasHeader: z.boolean(),
  delimiter: z.string().length(1),
  /** 0-based field index of each mapped tick field. */
  columns: z.partialRecord(TickFieldSchema, z.number().int().min(0)),
  /** Column names shown in messages (the header's, or "column N"). */
  columnNames: z.array(z.string()),
  time: TickTimeSchema,
  /** Zone of times written without an offset: UTC, a fixed offset (UTC-5) or an IANA name. */
  tz: z.string(),
  ticks: TicksModeSchema,
  /** Bars' price and timeframe: needed unless ticks is keep. */
  price: TickPriceSchema.nullable(),
  timeframe: z.string().nullable(),
  /** A tick earlier than the latest one by more than this is an error; up to it, it is put in order. */
  toleranceMs: z.number().int().min(0),
});
export type TickPlan = z.infer<typeof TickPlanSchema>;

/** The tick choices of an import dialog's file card; anything left out is detected (price) or refused (timeframe). */
export const TickChoicesSchema = z
  .object({
    ticks: TicksModeSchema,
    price: TickPriceSchema.optional(),
    timeframe: z.string().min(1).max(16).optional(),
  })
  .strict();
export type TickChoices = z.infer<typeof TickChoicesSchema>;

/** A tick file's card: its plan (run verbatim), the value columns and the first ticks read by the import's rules. */
export const TickCardSchema = z.object({
  plan: TickPlanSchema,
  columns: z.array(z.string()),
  /** ts in ms UTC; values in the order of `columns` (null: the file has no such field). */
  rows: z.array(z.object({ ts: z.number(), values: z.array(z.number().nullable()) })),
});
export type TickCard = z.infer<typeof TickCardSchema>;

/** A tick series in the app's table: the summary `barcat list --ticks` prints. */
export const TickSeriesRowSchema = z.object({
  id: z.string(),
  venue: z.string(),
  symbol: z.string(),
  kind: TickKindSchema,
  ticks: z.number().int(),
  /** First and last tick, µs UTC. */
  first: z.number().nullable(),
  last: z.number().nullable(),
  days: z.number().int(),
  calendar: z.string(),
  /** Days (YYYY-MM-DD) between the first and last tick with a session and no tick. */
  gapDays: z.array(z.string()),
});
export type TickSeriesRow = z.infer<typeof TickSeriesRowSchema>;

/**
 * A Dukascopy backfill as the app and the CLI start it: quote ticks of [from, to) for one
 * instrument, and optionally bars of a timeframe built from them at bid, ask or mid.
 */
export const TickBackfillStartSchema = z
  .object({
    symbol: z.string().min(1).max(32),
    // from and to: ms UTC, [from, to); cut to whole hours that are over.
    ...IntervalSchema.shape,
    bars: z
      .object({ timeframe: z.string().min(1).max(16), price: z.enum(['bid', 'ask', 'mid']) })
      .strict()
      .optional(),
    /** Another server than Dukascopy's (a mirror, a test stand-in): a path ending in /datafeed or /v1. */
    baseUrl: z.string().url().max(500).optional(),
  })
  .strict()
  .refine((r) => r.to > r.from, { message: 'the end must come after the start', path: ['to'] });
export type TickBackfillStart = z.infer<typeof TickBackfillStartSchema>;

/** One UTC day of a tick series' span: its ticks, or why it has none (closed, checked empty, a gap). */
const TickDaySchema = z.object({
  date: z.string(),
  ticks: z.number().int(),
  state: z.enum(['ticks', 'gap', 'empty', 'closed']),
});
export type TickDay = z.infer<typeof TickDaySchema>;

/** A tick series' coverage by day, for its gap chart. */
export const TickCoverageSchema = z.object({
  id: z.string(),
  calendar: z.string(),
  days: z.array(TickDaySchema),
});
export type TickCoverage = z.infer<typeof TickCoverageSchema>;
