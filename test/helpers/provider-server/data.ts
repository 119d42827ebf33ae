// Deterministic bars from a seed: every (symbol, timeframe, open time) always yields the same bar, so
// tests can compute exactly what the server holds without storing it.

import type { BarValues } from '../../../src-shared/domain/bar';

/** A served bar has exactly the values the bar rules check (trades and vwap always present). */
export type GeneratedBar = BarValues;

export interface DataSpec {
  seed: number;
  /** Symbols the server knows; others get "invalid symbol". */
  symbols: string[];
  /** First open time with data, per symbol (before listing: empty); default: no limit. */
  listedFrom?: Record<string, number>;
  /** Symbols in the symbol lists as delisted (no bars). */
  delisted?: string[];
  /** Outage holes [from, to): the source has no bars there, however often you ask. */
  holes: { from: number; to: number }[];
}

// 32-bit mix (splitmix-like) so nearby timestamps give unrelated values.
function hash(seed: number, text: string, ts: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
  let x = (h ^ Math.floor(ts / 1000)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = Math.imul(x ^ Math.floor(ts / 4294967296000), 0x27d4eb2d) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Cents and hundredths keep every value exact through decimal strings and float64. */
export function generateBar(seed: number, symbol: string, stepMs: number, ts: number): GeneratedBar {
  const a = hash(seed, `${symbol}/${stepMs}`, ts);
  const b = hash(seed + 1, symbol, ts);
  const base = 10_000 + (a % 50_000); // cents
  const open = base;
  const close = base + ((b % 201) - 100);
  const high = Math.max(open, close) + (a % 37);
  const low = Math.min(open, close) - (b % 41);
  // About one bar in ten has no trades: flat OHLC, zero volume (Binance still sends it).
  const idle = a % 10 === 3;
  return {
    ts,
    open: open / 100,
    high: (idle ? open : high) / 100,
    low: (idle ? open : low) / 100,
    close: (idle ? open : close) / 100,
    volume: idle ? 0 : (b % 100_000) / 100,
    trades: idle ? 0 : 1 + (a % 500),
    vwap: (idle ? open : Math.round((open + close) / 2)) / 100,
  };
}

export function inHole(spec: DataSpec, ts: number): boolean {
  return spec.holes.some((h) => ts >= h.from && ts < h.to);
}

/**
 * Open times of the bars the source holds in [from, to] (both inclusive, as the APIs take them),
 * up to `now` (the still-open bar included), oldest first.
 */
export function openTimes(
  spec: DataSpec,
  symbol: string,
  stepMs: number,
  from: number,
  toInclusive: number,
  now: number,
): number[] {
  const listed = spec.listedFrom?.[symbol] ?? Number.NEGATIVE_INFINITY;
  const start = Math.ceil(Math.max(from, listed) / stepMs) * stepMs;
  const end = Math.min(toInclusive, Math.floor(now / stepMs) * stepMs);
  const out: number[] = [];
  for (let t = start; t <= end; t += stepMs) if (!inHole(spec, t)) out.push(t);
  return out;
}

/** The closed bars a correct backfill of [from, to) must end up with (the still-open one excluded). */
export function expectedBars(
  spec: DataSpec,
  symbol: string,
  stepMs: number,
  from: number,
  to: number,
  now: number,
): GeneratedBar[] {
  return openTimes(spec, symbol, stepMs, from, to - 1, now)
    .filter((t) => t + stepMs <= now)
    .map((t) => generateBar(spec.seed, symbol, stepMs, t));
}

/** Binance renders prices as fixed 8-decimal strings. */
export function dec8(v: number): string {
  return v.toFixed(8);
}
