import { describe, expect, it } from 'vitest';
import { findCalendar } from '../../../src-main/engines/calendars/index';
import { DEFAULT_SETTINGS, runChecks } from '../../../src-main/engines/quality/index';
import type { AssetClass, CheckContext } from '../../../src-main/engines/quality/types';
import { DAY, MINUTE, type Timeframe } from '../../../src-shared/domain/timeframe';
import { grid, plantStale, sessionMinutes, walk } from './synthetic';

const T0 = Date.UTC(2024, 0, 1);

function ctx(
  calendar: string,
  timeframe: Timeframe,
  assetClass: AssetClass,
  segments: number[] = [],
): CheckContext {
  return { timeframe, calendar: findCalendar(calendar)!, settings: DEFAULT_SETTINGS[assetClass], segments };
}

const iso = (t: number) => new Date(t).toISOString();

describe('quality checks on synthetic series', () => {
  it('find nothing on clean crypto, equity and FX series', () => {
    expect(runChecks(walk(grid(T0, 5 * 1440)), ctx('24x7', '1m', 'crypto', [T0]))).toEqual([]);
    const xnys = findCalendar('xnys')!;
    const equityTimes = sessionMinutes(xnys.sessions({ from: T0, to: T0 + 30 * DAY }, '1m'));
    expect(runChecks(walk(equityTimes, 11), ctx('xnys', '1m', 'equity'))).toEqual([]);
    const fx = findCalendar('fx')!;
    const fxTimes = sessionMinutes(fx.sessions({ from: T0, to: T0 + 14 * DAY }, '1m'));
    expect(runChecks(walk(fxTimes, 13, 1.1), ctx('fx', '1m', 'fx'))).toEqual([]);
  });

  it('finds a planted wick, a planted close spike, and not a level shift that stays', () => {
    const b = walk(grid(T0, 3 * 1440));
    b.low[1000] = b.low[1000]! * 0.95; // a bad print: the low alone 5 % down for one bar
    // The close (and so the high) 4 % up for bars 2000-2001, back at bar 2002.
    for (const i of [2000, 2001]) {
      b.close[i] = b.close[i]! * 1.04;
      b.high[i] = Math.max(b.high[i]!, b.close[i]!);
    }
    // From bar 3000 on every price is 5 % higher: a move that stays is no spike.
    for (let i = 3000; i < b.length; i++)
      for (const c of ['open', 'high', 'low', 'close'] as const) b[c][i] = b[c][i]! * 1.05;
    const found = runChecks(b, ctx('24x7', '1m', 'crypto', [T0]));
    expect(found.map((f) => [f.check, iso(f.from), f.field, f.values.revertedBars])).toEqual([
      ['spike', iso(b.ts[1000]!), 'low', 1],
      // High and close moved alike; the high, whose usual bar-to-bar moves are smaller, stands out most.
      ['spike', iso(b.ts[2000]!), 'high', 2],
    ]);
    expect(found[0]).toMatchObject({
      bars: 1,
      to: b.ts[1000]! + MINUTE,
      values: { value: b.low[1000], previous: b.low[999] },
    });
    expect(found[0]!.score).toBeGreaterThan(15);
  });

  it('finds stale runs of N or more identical zero-volume bars and zero-volume runs, inside sessions only', () => {
    const b = walk(grid(T0, 2 * 1440));
    plantStale(b, 100, 110); // 10 bars: a stale run
    plantStale(b, 200, 204); // 4 bars: below staleBars (5)
    for (let i = 500; i < 540; i++) b.volume[i] = 0; // 40 zero-volume bars with moving prices
    for (let i = 700; i < 720; i++) b.volume[i] = 0; // 20: below zeroVolumeBars (30)
    const found = runChecks(b, ctx('24x7', '1m', 'crypto', [T0]));
    expect(found.map((f) => [f.check, iso(f.from), iso(f.to), f.bars, f.values.runBars])).toEqual([
      ['stale_run', iso(b.ts[100]!), iso(b.ts[109]! + MINUTE), 10, 10],
      ['zero_volume_run', iso(b.ts[500]!), iso(b.ts[539]! + MINUTE), 40, 40],
    ]);
    expect(found[0]!.values.price).toBe(b.close[99]);
  });

  it('cuts a run at a partition start but counts it whole', () => {
    const b = walk(grid(T0, 200));
    plantStale(b, 95, 103); // 8 bars, 5 before the segment start at bar 100 and 3 after
    const found = runChecks(b, ctx('24x7', '1m', 'crypto', [T0, b.ts[100]!]));
    expect(found.map((f) => [f.check, iso(f.from), f.bars, f.values.runBars])).toEqual([
      ['stale_run', iso(b.ts[95]!), 5, 8],
      ['stale_run', iso(b.ts[100]!), 3, 8],
    ]);
  });

  it('finds a volume outlier', () => {
    const b = walk(grid(T0, 1440));
    b.volume[900] = b.volume[900]! * 50_000;
    const found = runChecks(b, ctx('24x7', '1m', 'crypto', [T0]));
    expect(found.map((f) => [f.check, iso(f.from), f.values.volume])).toEqual([
      ['volume_outlier', iso(b.ts[900]!), b.volume[900]],
    ]);
  });

  it('finds impossible values, duplicate, out-of-order and off-grid timestamps', () => {
    const b = walk(grid(T0, 1000));
    b.high[300] = b.close[300]! * 0.99; // high below the close
    b.low[301] = -1; // a negative price
    b.low[302] = Math.max(b.open[302]!, b.close[302]!) * 1.01; // low above the body
    b.close[303] = Number.NaN;
    b.volume[304] = -5;
    b.ts[501] = b.ts[500]!; // a duplicate
    b.ts[600] = b.ts[600]! + 1000; // one second off the grid
    b.ts[700] = b.ts[698]!; // a step back in time (unordered)
    const found = runChecks(b, ctx('24x7', '1m', 'crypto', [T0]));
    expect(found.map((f) => [f.check, iso(f.from), f.field ?? null])).toEqual([
      ['impossible', iso(b.ts[300]!), 'high_below_body'],
      ['impossible', iso(b.ts[301]!), 'non_positive_price'],
      ['impossible', iso(b.ts[302]!), 'low_above_body'],
      ['impossible', iso(b.ts[303]!), 'nan'],
      ['impossible', iso(b.ts[304]!), 'negative_volume'],
      ['duplicate_ts', iso(b.ts[500]!), null],
      ['off_grid', iso(b.ts[600]!), null],
      ['unordered_ts', iso(b.ts[698]!), null],
    ]);
    expect(found.find((f) => f.check === 'impossible' && f.field === 'nan')?.values.close).toBeNull();
  });

  it('finds bars outside the sessions as runs, and no stale run across them', () => {
    const xnys = findCalendar('xnys')!;
    const times = sessionMinutes(xnys.sessions({ from: T0, to: T0 + 7 * DAY }, '1m'));
    // Five pre-market minutes (08:00-08:05 New York, 13:00Z) on 2024-01-03 slotted in before that day's open.
    const extra = grid(Date.UTC(2024, 0, 3, 13, 0), 5);
    const all = [...times, ...extra].sort((x, y) => x - y);
    const b = walk(all, 5);
    const at = all.indexOf(extra[0]!);
    plantStale(b, at, at + 5); // stale, but outside the session: reported as out of session only
    const found = runChecks(b, ctx('xnys', '1m', 'equity'));
    expect(found.map((f) => [f.check, iso(f.from), iso(f.to), f.bars])).toEqual([
      ['out_of_session', '2024-01-03T13:00:00.000Z', '2024-01-03T13:05:00.000Z', 5],
    ]);
  });

  it('flags an unadjusted 2:1 split across a session boundary as a possible corporate action', () => {
    const xnys = findCalendar('xnys')!;
    const days = xnys.sessions({ from: T0, to: T0 + 120 * DAY }, '1d').map((s) => s.from);
    const b = walk(days, 3);
    for (let i = 60; i < b.length; i++)
      for (const c of ['open', 'high', 'low', 'close'] as const) b[c][i] = b[c][i]! / 2;
    const found = runChecks(b, ctx('xnys', '1d', 'equity'));
    expect(found.map((f) => [f.check, iso(f.from), iso(f.to), f.bars])).toEqual([
      ['corporate_action', iso(b.ts[59]!), iso(b.ts[60]! + DAY), 2],
    ]);
    expect(found[0]!.values.ratio).toBeCloseTo(0.5, 2);
  });
});
