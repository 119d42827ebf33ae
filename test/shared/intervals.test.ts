import { describe, expect, it } from 'vitest';
import {
  intersectIntervals,
  mergeIntervals,
  subtractIntervals,
  totalLength,
} from '../../src-shared/time/intervals';

describe('interval math on half-open ranges', () => {
  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      mergeIntervals([
        { from: 10, to: 20 },
        { from: 0, to: 5 },
        { from: 5, to: 7 },
        { from: 15, to: 30 },
        { from: 40, to: 40 },
      ]),
    ).toEqual([
      { from: 0, to: 7 },
      { from: 10, to: 30 },
    ]);
  });

  it('subtracts covered time from a range, leaving the gaps', () => {
    expect(
      subtractIntervals(
        [{ from: 0, to: 100 }],
        [
          { from: 10, to: 20 },
          { from: 50, to: 120 },
          { from: -5, to: 2 },
        ],
      ),
    ).toEqual([
      { from: 2, to: 10 },
      { from: 20, to: 50 },
    ]);
  });

  it('intersects two sets and measures total length', () => {
    const x = intersectIntervals(
      [
        { from: 0, to: 10 },
        { from: 20, to: 30 },
      ],
      [{ from: 5, to: 25 }],
    );
    expect(x).toEqual([
      { from: 5, to: 10 },
      { from: 20, to: 25 },
    ]);
    expect(totalLength(x)).toBe(10);
  });
});
