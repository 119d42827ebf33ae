import { z } from 'zod';

/** Every bar timeframe Barcat stores. `1M` is a calendar month, `1w` starts on Monday 00:00 UTC. */
export const TIMEFRAMES = [
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '1w',
  '1M',
] as const;

export const TimeframeSchema = z.enum(TIMEFRAMES);
export type Timeframe = z.infer<typeof TimeframeSchema>;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const FIXED_MS: Record<Exclude<Timeframe, '1M'>, number> = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '1w': WEEK,
};

// 1970-01-01 was a Thursday; Monday-aligned weeks start 3 days earlier (1969-12-29).
const WEEK_ORIGIN = -3 * DAY;

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/** True for 1d, 1w and 1M: bars keyed by session date at 00:00 UTC. */
export function isDailyOrLonger(tf: Timeframe): boolean {
  return tf === '1d' || tf === '1w' || tf === '1M';
}

/** Nominal length in ms (a month counts as 30 days; use nextBarStart for exact steps). */
export function nominalMs(tf: Timeframe): number {
  return tf === '1M' ? 30 * DAY : FIXED_MS[tf];
}

/** Start of the bar that contains `ts` (ms UTC). */
export function floorToTimeframe(ts: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(ts);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const step = FIXED_MS[tf];
  const origin = tf === '1w' ? WEEK_ORIGIN : 0;
  return Math.floor((ts - origin) / step) * step + origin;
}

/** Start of the bar after the one that starts at (or contains) `ts`. */
export function nextBarStart(ts: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(ts);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return floorToTimeframe(ts, tf) + FIXED_MS[tf];
}

/** Start of the first bar that starts at or after `ts`. */
export function ceilToTimeframe(ts: number, tf: Timeframe): number {
  const floor = floorToTimeframe(ts, tf);
  return floor === ts ? ts : nextBarStart(floor, tf);
}

export function isOnGrid(ts: number, tf: Timeframe): boolean {
  return floorToTimeframe(ts, tf) === ts;
}

/** Number of bar slots in [from, to) on the timeframe's grid. */
export function countBarSlots(from: number, to: number, tf: Timeframe): number {
  if (to <= from) return 0;
  if (tf !== '1M') {
    const step = FIXED_MS[tf];
    return Math.max(0, Math.ceil((to - ceilToTimeframe(from, tf)) / step));
  }
  let n = 0;
  for (let t = ceilToTimeframe(from, tf); t < to; t = nextBarStart(t, tf)) n++;
  return n;
}
