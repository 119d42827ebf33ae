import { describe, expect, it } from 'vitest';
import { axisTicks, type ChartRow, stripPaths } from '../../../src-renderer/model/gaps/view';

const row = (i: number, part: Partial<ChartRow>): ChartRow => ({
  i,
  from: i,
  to: i + 1,
  covered: 0,
  gap: 0,
  empty: 0,
  closed: 0,
  missingBars: 0,
  full: 1,
  ...part,
});

describe('gap chart axis ticks', () => {
  it('labels every step-th bucket back from the last label that fits, so labels never overlap', () => {
    expect(axisTicks(10, 1000, 80)).toEqual([1, 3, 5, 7, 9]);
    expect(axisTicks(470, 940, 80)).toEqual([29, 99, 169, 239, 309, 379, 449]);
  });

  it('gives no ticks when there is nothing to label or no room for one label', () => {
    expect(axisTicks(0, 1000, 80)).toEqual([]);
    expect(axisTicks(5, 50, 80)).toEqual([]);
  });
});

describe('gap chart strip paths', () => {
  it('draws one path per state, stacking covered, empty, closed and gap bottom-up in each bucket', () => {
    const paths = stripPaths([row(0, { covered: 0.5, gap: 0.5 }), row(1, { covered: 1 })], {
      x: 0,
      y: 0,
      width: 100,
      height: 10,
    });
    expect(paths).toEqual({
      covered: 'M0.00 5.00h50.50v5.00h-50.50zM50.00 0.00h50.50v10.00h-50.50z',
      empty: '',
      closed: '',
      gap: 'M0.00 0.00h50.50v5.00h-50.50z',
    });
  });
});
