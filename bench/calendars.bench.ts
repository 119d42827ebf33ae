// Gap detection for 10 years of 1-minute bars of one US stock under xnys (target < 100 ms):
// calendar sessions for 10 years minus the covered runs a manifest records: what computeAvailability
// does for the app and `barcat gaps` (the runs themselves are built once, when bars are written).
import { findCalendar, outOfSession } from '../src-main/engines/calendars/index';
import { computeAvailability } from '../src-main/engines/catalog/read/availability';
import { subtractIntervals } from '../src-shared/time/intervals';
import { manifestWith } from '../test/main/calendars/helpers';
import { median, ms, peakRssMb, recordBench } from './record';

const MIN = 60_000;
const range = { from: Date.UTC(2015, 0, 1), to: Date.UTC(2025, 0, 1) };

// Build the series with a separate calendar instance path: sessions -> one bar per minute, then
// punch 100 one-minute holes so the subtraction has real work to do.
const xnys = findCalendar('xnys')!;
let start = performance.now();
const coldSessions = xnys.sessions(range, '1m');
const coldSessionsMs = ms(start);
const bars: number[] = [];
for (const s of coldSessions) for (let m = s.from; m < s.to; m += MIN) bars.push(m);
const holes = new Set<number>();
for (let i = 1; i <= 100; i++) holes.add(bars[Math.floor((i * bars.length) / 101)]!);
const ts = Float64Array.from(bars.filter((b) => !holes.has(b)));
const gapsOf = (m: ReturnType<typeof manifestWith>) => computeAvailability(m, { range, calendar: xnys }).gaps;
const manifest = manifestWith(xnys, '1m', ts);

start = performance.now();
const firstGaps = gapsOf(manifest);
const firstGapMs = ms(start);
if (firstGaps.length !== 100) throw new Error(`expected 100 gaps, got ${firstGaps.length}`);

const runs: number[] = [];
for (let i = 0; i < 9; i++) {
  start = performance.now();
  gapsOf(manifest);
  runs.push(ms(start));
}

const sessionRuns: number[] = [];
for (let i = 0; i < 9; i++) {
  start = performance.now();
  xnys.sessions(range, '1m');
  sessionRuns.push(ms(start));
}

start = performance.now();
const oos = outOfSession(xnys, ts, '1m');
const outOfSessionMs = ms(start);
if (oos.length !== 0) throw new Error('unexpected out-of-session bars');

// A ragged series: every 20th minute missing (~49,000 gaps).
const ragged = manifestWith(
  xnys,
  '1m',
  ts.filter((_, i) => i % 20 !== 7),
);
gapsOf(ragged);
start = performance.now();
const raggedGaps = gapsOf(ragged);
const raggedMs = ms(start);

// The naive recipe for comparison: one [ts, ts + 1m) interval per bar into subtractIntervals.
start = performance.now();
const naive = subtractIntervals(
  xnys.sessions(range, '1m'),
  Array.from(ts, (from) => ({ from, to: from + MIN })),
);
const naiveMs = ms(start);
if (naive.length !== 100) throw new Error('naive gap count differs');

recordBench('calendars', {
  bars: ts.length,
  sessions: coldSessions.length,
  'xnys sessions 10y cold ms (Intl, first call)': coldSessionsMs,
  'xnys sessions 10y warm ms (median of 9)': median(sessionRuns),
  'gap detection 10y 1m first call ms': firstGapMs,
  'gap detection 10y 1m ms (median of 9)': median(runs),
  'gap detection target ms': 100,
  'gap detection 10y 1m, every 20th bar missing ms': raggedMs,
  'gaps in that ragged series': raggedGaps.length,
  'outOfSession 10y 1m ms': outOfSessionMs,
  'naive per-bar intervals + subtractIntervals ms': naiveMs,
  peakRssMb: peakRssMb(),
});
