import type { Equal, Same } from '../type-equal';
import { isOnGrid, type Timeframe } from './timeframe';

/** One OHLCV bar. `ts` is the bar's open time in ms since the epoch, UTC. */
export interface Bar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades?: number | undefined;
  vwap?: number | undefined;
}

/** The value columns every bar has, in stored order. */
export const BAR_OHLCV_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
/** The value columns a source may lack (NaN or absent when it has none), in stored order. */
export const BAR_OPTIONAL_COLUMNS = ['trades', 'vwap'] as const;
export type BarOptionalColumn = (typeof BAR_OPTIONAL_COLUMNS)[number];
/** A bar's columns after its time, in stored order: the values a CSV mapping offers. */
export const BAR_VALUE_COLUMNS = [...BAR_OHLCV_COLUMNS, ...BAR_OPTIONAL_COLUMNS] as const;
/** A bar's time and the values every bar has, in stored order: what every source must give. */
export const BAR_BASE_COLUMNS = ['ts', ...BAR_OHLCV_COLUMNS] as const;
export type BarBaseColumn = (typeof BAR_BASE_COLUMNS)[number];
/** Every column of a bar, its time first, in stored order. */
export const BAR_COLUMNS = [...BAR_BASE_COLUMNS, ...BAR_OPTIONAL_COLUMNS] as const;
export type BarColumn = (typeof BAR_COLUMNS)[number];
/** Bar's keys a bar cannot lack: the base columns are exactly these. */
type RequiredBarKey = { [K in keyof Bar]-?: undefined extends Bar[K] ? never : K }[keyof Bar];
export type BarBaseColumnsAreRequired = Same<Equal<BarBaseColumn, RequiredBarKey>>;
export type BarColumnsAreBar = Same<Equal<BarColumn, keyof Bar>>;

export const CONFLICT_MODES = ['skip', 'overwrite', 'merge'] as const;
/**
 * skip: existing bars win, only new timestamps are added;
 * overwrite: the span [first, last] of the incoming batch is replaced by it;
 * merge: union, on equal ts the incoming bar wins.
 */
export type ConflictMode = (typeof CONFLICT_MODES)[number];

// The bar rules. They live here once; the catalog's write and the CSV import both call them, so no
// writer can store a bar another would refuse.

/** Years a bar time may fall in, inclusive, unless the user sets others (BARCAT_YEARS=1800-2300). */
export const DEFAULT_BAR_YEARS: readonly [number, number] = [1900, 2200];
/** A wider span would make gap figures loop over centuries of sessions (calendars refuse > 400 years). */
export const MAX_BAR_YEARS_SPAN = 400;

/** Bar times allowed: [from, to) in ms UTC. */
export interface TsLimits {
  from: number;
  to: number;
  /** The inclusive years, for messages. */
  years: readonly [number, number];
}

export function tsLimitsOfYears(years: readonly [number, number]): TsLimits {
  return { from: Date.UTC(years[0], 0, 1), to: Date.UTC(years[1] + 1, 0, 1), years };
}

export const DEFAULT_TS_LIMITS: TsLimits = tsLimitsOfYears(DEFAULT_BAR_YEARS);

/** "1800-2300" as years, or a sentence saying what is wrong. */
export function parseBarYears(text: string): readonly [number, number] | string {
  const m = /^\s*(\d{4})\s*-\s*(\d{4})\s*$/.exec(text);
  const a = m ? Number(m[1]) : Number.NaN;
  const b = m ? Number(m[2]) : Number.NaN;
  if (!m || a > b || a < 1000)
    return `years "${text}" must look like 1900-2200 (first year 1000 or later, not after the last)`;
  if (b - a >= MAX_BAR_YEARS_SPAN) return `years "${text}" span more than ${MAX_BAR_YEARS_SPAN} years`;
  return [a, b];
}

export function tsInLimits(ts: number, limits: TsLimits): boolean {
  return ts >= limits.from && ts < limits.to;
}

/** high >= max(open, close); false for NaN. */
export function highOk(open: number, high: number, close: number): boolean {
  return high >= open && high >= close;
}

/** low <= min(open, close); false for NaN. */
export function lowOk(open: number, low: number, close: number): boolean {
  return low <= open && low <= close;
}

/** A volume is finite and >= 0; NaN means "the source had none" and is allowed. */
export function volumeOk(volume: number): boolean {
  return Number.isNaN(volume) || (volume >= 0 && volume < Number.POSITIVE_INFINITY);
}

/** Optional columns (trades, vwap): finite, or NaN for "absent". */
export function optionalOk(value: number): boolean {
  return Number.isNaN(value) || Number.isFinite(value);
}

export type BarRule =
  | 'bad_timestamp'
  | 'ts_out_of_range'
  | 'off_grid'
  | 'not_finite'
  | 'high_below_max'
  | 'low_above_min'
  | 'negative_volume';

export interface BarProblem {
  rule: BarRule;
  column: keyof Bar;
  /** What is wrong, for a person: "high 9 is below max(open 10, close 10)". */
  what: string;
}

/** The values of one bar as the rules see them: Bar's columns, trades and vwap NaN when absent. */
export type BarValues = { [K in keyof Bar]-?: number };

/**
 * barProblem(b) === undefined, without its loops or words, for hot row loops (a bar failing it is
 * handed to barProblem, which words it). Every rule of barProblem, with the same predicates: a rule
 * added there is added here (test/shared/bar-passes.test.ts checks both agree rule by rule).
 */
export function barPasses(b: BarValues, timeframe: Timeframe, limits: TsLimits): boolean {
  return (
    Number.isSafeInteger(b.ts) &&
    tsInLimits(b.ts, limits) &&
    isOnGrid(b.ts, timeframe) &&
    Number.isFinite(b.open) &&
    Number.isFinite(b.high) &&
    Number.isFinite(b.low) &&
    Number.isFinite(b.close) &&
    highOk(b.open, b.high, b.close) &&
    lowOk(b.open, b.low, b.close) &&
    volumeOk(b.volume) &&
    optionalOk(b.trades) &&
    optionalOk(b.vwap)
  );
}

/**
 * The first rule one bar breaks, or undefined: integer ms time inside the limits and on the
 * timeframe's grid, finite prices, high and low around open and
 * close, volume >= 0.
 */
export function barProblem(b: BarValues, timeframe: Timeframe, limits: TsLimits): BarProblem | undefined {
  if (!Number.isSafeInteger(b.ts))
    return {
      rule: 'bad_timestamp',
      column: 'ts',
      what: `time ${b.ts} is not an integer of ms since 1970 UTC`,
    };
  if (!tsInLimits(b.ts, limits))
    return { rule: 'ts_out_of_range', column: 'ts', what: outOfRangeWhat(b.ts, limits) };
  if (!isOnGrid(b.ts, timeframe))
    return { rule: 'off_grid', column: 'ts', what: `the bar time is not on the ${timeframe} grid` };
  for (const c of ['open', 'high', 'low', 'close'] as const)
    if (!Number.isFinite(b[c]))
      return { rule: 'not_finite', column: c, what: `${c} ${b[c]} is not a finite number` };
  if (!highOk(b.open, b.high, b.close))
    return {
      rule: 'high_below_max',
      column: 'high',
      what: `high ${b.high} is below max(open ${b.open}, close ${b.close})`,
    };
  if (!lowOk(b.open, b.low, b.close))
    return {
      rule: 'low_above_min',
      column: 'low',
      what: `low ${b.low} is above min(open ${b.open}, close ${b.close})`,
    };
  if (!volumeOk(b.volume))
    return Number.isFinite(b.volume)
      ? { rule: 'negative_volume', column: 'volume', what: `volume ${b.volume} is negative` }
      : { rule: 'not_finite', column: 'volume', what: `volume ${b.volume} is not a finite number` };
  for (const c of BAR_OPTIONAL_COLUMNS)
    if (!optionalOk(b[c]))
      return { rule: 'not_finite', column: c, what: `${c} ${b[c]} is not a finite number` };
  return undefined;
}

/** A bar time for messages: ISO-8601, or the number itself beyond Date's ±8.64e15 ms. */
export function tsText(ts: number): string {
  return Number.isFinite(ts) && Math.abs(ts) <= 8.64e15 ? new Date(ts).toISOString() : String(ts);
}

/** "time 3000-01-01T00:00:00.000Z is outside the allowed years 1900-2200 ...": ts_out_of_range's message. */
export function outOfRangeWhat(ts: number, limits: TsLimits): string {
  return `time ${tsText(ts)} is outside the allowed years ${limits.years[0]}-${limits.years[1]} (set BARCAT_YEARS=FIRST-LAST to allow others)`;
}
