// All quality checks over 10 years of 1-minute bars of one series (target < 1 s): a 24x7 crypto
// series (5.26 M bars) and a US stock under xnys (0.98 M bars), each with a few planted defects so
// the finding paths run too. Pure checks over columnar bars, as the engine runs them per read.

import os from 'node:os';
import { findCalendar } from '../src-main/engines/calendars/index';
import type { BarBatch } from '../src-main/engines/catalog/index';
import { DEFAULT_SETTINGS, runChecks } from '../src-main/engines/quality/index';
import { grid, walk } from '../test/main/quality/synthetic';
import { median, ms, peakRssMb, recordBench } from './record';

const MIN = 60_000;
const range = { from: Date.UTC(2015, 0, 1), to: Date.UTC(2025, 0, 1) };

/** The tests' random walk on the given minutes, with a wick every 100,000 bars. */
function series(times: readonly number[]): BarBatch {
  const b = walk(times, 12345);
  for (let i = 50_000; i < b.length; i += 100_000) b.low[i] = b.low[i]! * 0.9;
  return b;
}

function monthStarts(): number[] {
  const out: number[] = [];
  for (let y = 2015; y < 2025; y++) for (let m = 0; m < 12; m++) out.push(Date.UTC(y, m, 1));
  return out;
}

function time(name: string, b: BarBatch, calendar: string, cls: 'crypto' | 'equity') {
  const ctx = {
    timeframe: '1m' as const,
    calendar: findCalendar(calendar)!,
    settings: DEFAULT_SETTINGS[cls],
    segments: monthStarts(),
  };
  let start = performance.now();
  const found = runChecks(b, ctx);
  const first = ms(start);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    start = performance.now();
    runChecks(b, ctx);
    runs.push(ms(start));
  }
  return {
    [`${name}Bars`]: b.length,
    [`${name}Findings`]: found.length,
    [`${name}FirstMs`]: first,
    [`${name}MedianMs`]: median(runs),
  };
}

const crypto = series(grid(range.from, (range.to - range.from) / MIN, MIN));
const cryptoFigures = time('crypto24x7', crypto, '24x7', 'crypto');
const minutes: number[] = [];
for (const s of findCalendar('xnys')!.sessions(range, '1m'))
  for (let t = s.from; t < s.to; t += MIN) minutes.push(t);
const equityFigures = time('equityXnys', series(minutes), 'xnys', 'equity');

recordBench('quality', {
  ...cryptoFigures,
  ...equityFigures,
  targetMs: 1000,
  pass: Number(cryptoFigures.crypto24x7MedianMs) < 1000 && Number(equityFigures.equityXnysMedianMs) < 1000,
  peakRssMb: peakRssMb(),
  // The machine may be shared: a load above its core count slows every figure.
  loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
});
