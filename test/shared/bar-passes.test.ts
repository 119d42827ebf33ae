import { describe, expect, it } from 'vitest';
import { type BarValues, barPasses, barProblem, tsLimitsOfYears } from '../../src-shared/domain/bar';

const LIMITS = tsLimitsOfYears([1970, 2100]);
const T = Date.UTC(2024, 2, 1, 10, 5);
const OK: BarValues = {
  ts: T,
  open: 10,
  high: 11,
  low: 9,
  close: 10.5,
  volume: 3,
  trades: Number.NaN,
  vwap: Number.NaN,
};

/** One bar per way to break each rule (and ways that pass), with the rule barProblem names. */
const TABLE: [string, Partial<BarValues>, string | undefined][] = [
  ['a good bar', {}, undefined],
  ['absent volume, trades and vwap (NaN)', { volume: Number.NaN }, undefined],
  ['trades and vwap given', { trades: 7, vwap: 10.2 }, undefined],
  ['high = low = open = close', { open: 5, high: 5, low: 5, close: 5 }, undefined],
  ['a fractional time', { ts: T + 0.5 }, 'bad_timestamp'],
  ['a NaN time', { ts: Number.NaN }, 'bad_timestamp'],
  ['a time past the unsafe integers', { ts: 2 ** 53 }, 'bad_timestamp'],
  ['a time before the limits', { ts: -60_000 }, 'ts_out_of_range'],
  ['a time after the limits', { ts: Date.UTC(2101, 0, 1) }, 'ts_out_of_range'],
  ['a time off the 1m grid', { ts: T + 1 }, 'off_grid'],
  ...(['open', 'high', 'low', 'close'] as const).flatMap((c): [string, Partial<BarValues>, string][] => [
    [`${c} NaN`, { [c]: Number.NaN }, 'not_finite'],
    [`${c} Infinity`, { [c]: Number.POSITIVE_INFINITY }, 'not_finite'],
  ]),
  ['high below open', { high: 9.9 }, 'high_below_max'],
  ['high below close', { open: 10, high: 10.2, close: 10.5 }, 'high_below_max'],
  ['low above open', { low: 10.1 }, 'low_above_min'],
  ['low above close', { open: 10, low: 9, close: 8.5, high: 11 }, 'low_above_min'],
  ['a negative volume', { volume: -1 }, 'negative_volume'],
  ['volume Infinity', { volume: Number.POSITIVE_INFINITY }, 'not_finite'],
  ['trades Infinity', { trades: Number.POSITIVE_INFINITY }, 'not_finite'],
  ['vwap -Infinity', { vwap: Number.NEGATIVE_INFINITY }, 'not_finite'],
];

describe('barPasses', () => {
  it.each(TABLE)('agrees with barProblem: %s', (_, change, rule) => {
    const bar = { ...OK, ...change };
    expect(barProblem(bar, '1m', LIMITS)?.rule).toBe(rule);
    expect(barPasses(bar, '1m', LIMITS)).toBe(rule === undefined);
  });

  it('covers every rule barProblem has', () => {
    expect(new Set(TABLE.map((r) => r[2]).filter(Boolean))).toEqual(
      new Set([
        'bad_timestamp',
        'ts_out_of_range',
        'off_grid',
        'not_finite',
        'high_below_max',
        'low_above_min',
        'negative_volume',
      ]),
    );
  });
});
