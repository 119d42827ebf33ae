import { describe, expect, it } from 'vitest';
import {
  chartRows,
  focusRange,
  gapInBucket,
  panRange,
  zoomRange,
} from '../../../src-renderer/model/gaps/view';
import { bucketState, coverageBuckets } from '../../../src-shared/time/coverage';

const H = 3_600_000;
const extent = { from: 0, to: 1000 * H };

describe('coverage buckets (computed in main, shared code)', () => {
  it('splits covered, gap, checked-empty and closed time per bucket with missing bar counts', () => {
    const buckets = coverageBuckets({
      range: { from: 0, to: 10 * H },
      pixels: 5,
      timeframe: '1h',
      extent: { from: 0, to: 10 * H },
      covered: [
        { from: 0, to: 3 * H },
        { from: 6 * H, to: 8 * H },
      ],
      gaps: [{ from: 3 * H, to: 5 * H }],
      checkedEmpty: [{ from: 5 * H, to: 6 * H }],
    });
    expect(
      buckets.map((b) => [b.coveredMs / H, b.gapMs / H, b.emptyMs / H, b.closedMs / H, b.missingBars]),
    ).toEqual([
      [2, 0, 0, 0, 0],
      [1, 1, 0, 0, 1],
      [0, 1, 1, 0, 1],
      [2, 0, 0, 0, 0],
      [0, 0, 0, 2, 0],
    ]);
    expect(buckets.map(bucketState)).toEqual(['covered', 'gap', 'gap', 'covered', 'closed']);
  });

  it('never makes buckets finer than one bar and leaves time outside the series blank', () => {
    const buckets = coverageBuckets({
      range: { from: 0, to: 4 * H },
      pixels: 1000,
      timeframe: '1h',
      extent: { from: 2 * H, to: 4 * H },
      covered: [{ from: 2 * H, to: 4 * H }],
      gaps: [],
      checkedEmpty: [],
    });
    expect(buckets).toHaveLength(4);
    expect(buckets.map(bucketState)).toEqual(['outside', 'outside', 'covered', 'covered']);
  });

  it('aggregates ten years of one-minute coverage into the requested number of buckets', () => {
    const minute = 60_000;
    const to = 10 * 365 * 24 * 60 * minute;
    const gaps = Array.from({ length: 5000 }, (_, i) => ({
      from: i * 1000 * minute,
      to: i * 1000 * minute + 7 * minute,
    }));
    const covered = gaps.map((g, i) => ({ from: g.to, to: (i + 1) * 1000 * minute }));
    const buckets = coverageBuckets({
      range: { from: 0, to },
      pixels: 800,
      timeframe: '1m',
      extent: { from: 0, to },
      covered,
      gaps,
      checkedEmpty: [],
    });
    expect(buckets).toHaveLength(800);
    expect(buckets.reduce((s, b) => s + b.missingBars, 0)).toBe(5000 * 7);
  });
});

describe('gap chart view', () => {
  it('zooms around the pointer and stays inside the series', () => {
    expect(zoomRange({ from: 0, to: 1000 * H }, extent, 0.5, 0.5, H)).toEqual({ from: 250 * H, to: 750 * H });
    expect(zoomRange({ from: 0, to: 1000 * H }, extent, 0.5, 0, H)).toEqual({ from: 0, to: 500 * H });
    expect(zoomRange({ from: 900 * H, to: 1000 * H }, extent, 4, 1, H)).toEqual({
      from: 600 * H,
      to: 1000 * H,
    });
    // Never narrower than 20 bars, never wider than the series.
    expect(zoomRange({ from: 0, to: 30 * H }, extent, 0.1, 0, H)).toEqual({ from: 0, to: 20 * H });
    expect(zoomRange({ from: 0, to: 800 * H }, extent, 10, 0.5, H)).toEqual(extent);
  });

  it('pans by a fraction of the window and stops at the ends', () => {
    expect(panRange({ from: 100 * H, to: 200 * H }, extent, 0.5)).toEqual({ from: 150 * H, to: 250 * H });
    expect(panRange({ from: 100 * H, to: 200 * H }, extent, -5)).toEqual({ from: 0, to: 100 * H });
    expect(panRange({ from: 800 * H, to: 900 * H }, extent, 5)).toEqual({ from: 900 * H, to: 1000 * H });
  });

  it('keeps a sliver of a gap visible and shares add up to one', () => {
    const [row] = chartRows([
      { from: 0, to: 1000, coveredMs: 999, gapMs: 1, emptyMs: 0, closedMs: 0, missingBars: 1 },
    ]);
    expect(row!.gap).toBe(0.25);
    expect(row!.covered + row!.gap).toBeCloseTo(1, 9);
  });

  it('selects the gap overlapping a clicked bucket most', () => {
    const gaps = [
      { from: 0, to: 10, missingBars: 10 },
      { from: 12, to: 40, missingBars: 28 },
    ];
    expect(gapInBucket(gaps, 5, 20)).toEqual(gaps[1]);
    expect(gapInBucket(gaps, 0, 11)).toEqual(gaps[0]);
    expect(gapInBucket(gaps, 50, 60)).toBeNull();
  });

  it('focuses a gap with context on both sides, inside the series', () => {
    expect(focusRange({ from: 10 * H, to: 20 * H }, extent)).toEqual({ from: 0, to: 30 * H });
  });
});
