/**
 * The timeframes Barcat's providers serve and that keep a fixed UTC grid. `1M` is a calendar month,
 * `1w` starts on Monday 00:00 UTC. Any other `N` + unit a vendor file holds (`10m`, `45m`, `2d`) is a
 * custom timeframe: see parseTimeframe and docs/catalog.md.
 */
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

export type FixedTimeframe = (typeof TIMEFRAMES)[number];
export type TimeframeUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'M';
/** A canonical timeframe spelling (parseTimeframe makes one from any valid spelling). */
export type Timeframe = `${number}${TimeframeUnit}`;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** A day in µs, the unit of tick times. */
export const DAY_US = DAY * 1000;

/** Largest N per unit: intraday bars stay shorter than a day, longer ones at most a year. */
const MAX_N: Record<TimeframeUnit, number> = { s: 1000, m: 1000, h: 23, d: 365, w: 52, M: 12 };
const UNIT_MS: Record<Exclude<TimeframeUnit, 'M'>, number> = {
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
  w: WEEK,
};
const GRAMMAR = /^([1-9][0-9]{0,5})([smhdwM])$/;

export const TIMEFRAME_HELP =
  'write a whole number and a unit: s (seconds, 1-1000), m (minutes, 1-1000), h (hours, 1-23), d (days, 1-365), w (weeks, 1-52) or M (months, 1-12), as in 1m, 10m, 45m, 4h, 2d, 1M';

/**
 * The canonical timeframe of a spelling, or the reason it is none. Whole larger units win, so one
 * length has one spelling (`60m` -> `1h`, `120s` -> `2m`): a series id never exists twice. Hours
 * never become days (`24h` is refused: a day bar is keyed by its date, write `1d`).
 */
export function parseTimeframe(raw: string): { timeframe: Timeframe } | { error: string } {
  const m = GRAMMAR.exec(raw.trim());
  if (!m) return { error: `"${raw}" is not a timeframe: ${TIMEFRAME_HELP}` };
  let n = Number(m[1]);
  let unit = m[2] as TimeframeUnit;
  if (unit === 's' && n % 60 === 0) [n, unit] = [n / 60, 'm'];
  if (unit === 'm' && n % 60 === 0) [n, unit] = [n / 60, 'h'];
  if (n > MAX_N[unit])
    return {
      error:
        unit === 'h' && n % 24 === 0
          ? `"${raw}" is not a timeframe: bars of a day or longer are keyed by date, write ${n / 24}d`
          : `"${raw}" is not a timeframe: ${TIMEFRAME_HELP}`,
    };
  return { timeframe: `${n}${unit}` as Timeframe };
}

/** True for a timeframe in its canonical spelling. */
export function isTimeframe(value: string): value is Timeframe {
  const parsed = parseTimeframe(value);
  return 'timeframe' in parsed && parsed.timeframe === value;
}

export function isFixedTimeframe(tf: string): tf is FixedTimeframe {
  return (TIMEFRAMES as readonly string[]).includes(tf);
}

// 1970-01-01 was a Thursday; Monday-aligned weeks start 3 days earlier (1969-12-29).
const WEEK_ORIGIN = -3 * DAY;

/**
 * Where a custom timeframe's bars may open: vendors anchor them to their session open (09:30 New York
 * is 13:30 or 14:30 UTC by season) or to UTC midnight, which no single UTC grid of 45m fits. So a
 * custom bar opens at any whole second (`Ns`), minute (`Nm`, `Nh`), UTC midnight (`Nd`), Monday
 * (`Nw`) or month start (`NM`), and spans N units from there.
 */
const PHASE: Record<TimeframeUnit, FixedTimeframe> = { s: '1s', m: '1m', h: '1m', d: '1d', w: '1w', M: '1M' };

interface Parts {
  n: number;
  unit: TimeframeUnit;
  /** Nominal length (a month = 30 days). */
  ms: number;
  /** The grid bars open on: the timeframe's own when fixed, else its phase unit's; 0 = month starts. */
  gridStep: number;
  gridOrigin: number;
  /** The fixed timeframe one grid step of which ceilToTimeframe moves by. */
  stepTf: FixedTimeframe;
}

function computeParts(tf: Timeframe): Parts {
  const n = Number.parseInt(tf, 10);
  const unit = tf.slice(-1) as TimeframeUnit;
  const ms = unit === 'M' ? n * 30 * DAY : n * UNIT_MS[unit];
  const stepTf = isFixedTimeframe(tf) ? tf : PHASE[unit];
  const gridStep = stepTf === '1M' ? 0 : stepTf === tf ? ms : nominalMs(stepTf);
  return { n, unit, ms, gridStep, gridOrigin: stepTf === '1w' ? WEEK_ORIGIN : 0, stepTf };
}

// The grid functions run once per imported row: a timeframe's parts are worked out once, and the
// last one asked for is kept at hand (a loop asks for one timeframe).
const PARTS = new Map<string, Parts>();
let lastTf = '';
let lastParts: Parts | undefined;

function partsOf(tf: Timeframe): Parts {
  if (tf === lastTf && lastParts) return lastParts;
  let p = PARTS.get(tf);
  if (!p) {
    p = computeParts(tf);
    PARTS.set(tf, p);
  }
  lastTf = tf;
  lastParts = p;
  return p;
}

/** True for days, weeks and months: bars keyed by session date at 00:00 UTC. */
export function isDailyOrLonger(tf: Timeframe): boolean {
  const { unit } = partsOf(tf);
  return unit === 'd' || unit === 'w' || unit === 'M';
}

/** Nominal length in ms (a month counts as 30 days; use nextBarStart for exact steps). */
export function nominalMs(tf: Timeframe): number {
  return partsOf(tf).ms;
}

/** Shorter first, so lists of timeframes read 1m, 10m, 1h, 1d. */
export function compareTimeframes(a: Timeframe, b: Timeframe): number {
  return nominalMs(a) - nominalMs(b);
}

function monthStart(ts: number, addMonths = 0): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + addMonths, 1);
}

/**
 * Start of the bar that contains `ts` (ms UTC) on a fixed timeframe's grid; for a custom one, the
 * latest instant at or before `ts` a bar may open at.
 */
export function floorToTimeframe(ts: number, tf: Timeframe): number {
  const { gridStep, gridOrigin } = partsOf(tf);
  if (gridStep === 0) return monthStart(ts);
  return Math.floor((ts - gridOrigin) / gridStep) * gridStep + gridOrigin;
}

/**
 * Where floorToTimeframe(·, tf) next changes after `ts`: every time in [floor(ts), that) floors
 * alike, so a loop over sorted times floors once per bar instead of once per time.
 */
export function floorSpanEnd(ts: number, tf: Timeframe): number {
  const { gridStep } = partsOf(tf);
  const floor = floorToTimeframe(ts, tf);
  return gridStep === 0 ? monthStart(floor, 1) : floor + gridStep;
}

/** Start of the bar after the one that starts at (or contains) `ts`. */
export function nextBarStart(ts: number, tf: Timeframe): number {
  const { n, unit, ms } = partsOf(tf);
  if (unit === 'M') return monthStart(ts, n);
  return floorToTimeframe(ts, tf) + ms;
}

/**
 * nextBarStart and isOnGrid for one timeframe, its grid worked out once: for loops over millions of
 * bars (the quality checks), where looking the timeframe up per bar costs more than the arithmetic.
 */
export function gridOf(tf: Timeframe): { next(ts: number): number; onGrid(ts: number): boolean } {
  const { unit, ms, gridStep, gridOrigin } = partsOf(tf);
  if (unit === 'M' || gridStep === 0)
    return { next: (ts) => nextBarStart(ts, tf), onGrid: (ts) => isOnGrid(ts, tf) };
  const floor = (ts: number) => Math.floor((ts - gridOrigin) / gridStep) * gridStep + gridOrigin;
  return { next: (ts) => floor(ts) + ms, onGrid: (ts) => floor(ts) === ts };
}

/** Start of the first bar that starts at or after `ts`. */
export function ceilToTimeframe(ts: number, tf: Timeframe): number {
  const floor = floorToTimeframe(ts, tf);
  return floor === ts ? ts : nextBarStart(floor, partsOf(tf).stepTf);
}

export function isOnGrid(ts: number, tf: Timeframe): boolean {
  return floorToTimeframe(ts, tf) === ts;
}

/** Number of bar slots in [from, to) on the timeframe's grid (custom: whole bars fitting from `from` on). */
export function countBarSlots(from: number, to: number, tf: Timeframe): number {
  if (to <= from) return 0;
  if (partsOf(tf).unit !== 'M') {
    const step = nominalMs(tf);
    return Math.max(0, Math.ceil((to - ceilToTimeframe(from, tf)) / step));
  }
  let n = 0;
  for (let t = ceilToTimeframe(from, tf); t < to; t = nextBarStart(t, tf)) n++;
  return n;
}
