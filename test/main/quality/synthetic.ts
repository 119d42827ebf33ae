import { allocBatch } from '../../../src-main/engines/catalog/batch';
import type { BarBatch } from '../../../src-main/engines/catalog/types';
import type { Finding } from '../../../src-main/engines/quality/index';
import type { Interval } from '../../../src-shared/domain/range';
import { MINUTE } from '../../../src-shared/domain/timeframe';

/** Deterministic uniform numbers in [0, 1) (an LCG), so planted defects sit among the same bars every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A clean random walk, one bar per timestamp: open = previous close, moves of about 0.1 %, small
 * wicks, volume around 100 (never zero). Prices start at `base`.
 */
export function walk(times: readonly number[], seed = 7, base = 100): BarBatch {
  const r = rng(seed);
  const b = allocBatch(times.length);
  let close = base;
  for (let i = 0; i < times.length; i++) {
    const open = close;
    close = open * Math.exp((r() - 0.5) * 0.002);
    b.ts[i] = times[i]!;
    b.open[i] = open;
    b.close[i] = close;
    b.high[i] = Math.max(open, close) * (1 + r() * 0.0005);
    b.low[i] = Math.min(open, close) * (1 - r() * 0.0005);
    b.volume[i] = 100 * Math.exp((r() - 0.5) * 0.6);
  }
  return b;
}

/** n timestamps `step` apart from `start`. */
export function grid(start: number, n: number, step = MINUTE): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/** Every 1m bar start inside the sessions. */
export function sessionMinutes(sessions: readonly Interval[]): number[] {
  const out: number[] = [];
  for (const s of sessions) for (let t = s.from; t < s.to; t += MINUTE) out.push(t);
  return out;
}

/** Bars [from, to) take identical OHLC (the close before `from`) and zero volume: a stuck feed. */
export function plantStale(b: BarBatch, from: number, to: number): void {
  const p = b.close[from - 1]!;
  for (let i = from; i < to; i++) {
    b.open[i] = p;
    b.high[i] = p;
    b.low[i] = p;
    b.close[i] = p;
    b.volume[i] = 0;
  }
}

/** The month borders the pieces tests cut partitions at. */
export const FEB = Date.UTC(2024, 1, 1);
export const MAR = Date.UTC(2024, 2, 1);
export const APR = Date.UTC(2024, 3, 1);

export const iso = (t: number) => new Date(t).toISOString();
/** Findings as [check, from, to, bars, field or run length], for comparing whole lists. */
export const summary = (fs: Finding[]) =>
  fs.map((f) => [f.check, iso(f.from), iso(f.to), f.bars, f.field ?? f.values.runBars ?? null]);
