import { gridOf } from '../../../../src-shared/domain/timeframe';
import type { BarBatch } from '../../catalog/index';
import type { CheckContext, Finding, ImpossibleReason } from '../types';
import { finding } from './findings';

function impossibleReason(
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
): ImpossibleReason | undefined {
  if (Number.isNaN(o) || Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c) || Number.isNaN(v))
    return 'nan';
  if (!(o > 0 && h > 0 && l > 0 && c > 0)) return 'non_positive_price';
  if (h < o || h < c) return 'high_below_body';
  if (l > o || l > c) return 'low_above_body';
  if (v < 0) return 'negative_volume';
  return undefined;
}

/**
 * Per-bar checks in one pass: impossible values, duplicate and out-of-order timestamps (foreign
 * writers or old catalogs), and timestamps off the timeframe's grid.
 */
export function checkBars(b: BarBatch, ctx: CheckContext, out: Finding[]): void {
  const { ts, open, high, low, close, volume } = b;
  const tf = ctx.timeframe;
  const { onGrid } = gridOf(tf);
  for (let i = 0; i < b.length; i++) {
    const o = open[i]!;
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    const v = volume[i]!;
    const t = ts[i]!;
    // The usual bar passes this one test (any NaN fails it); only the others are looked at closely.
    const plain = o > 0 && l > 0 && h >= o && h >= c && l <= o && l <= c && v >= 0 && !Number.isNaN(t);
    const reason = plain ? undefined : Number.isNaN(t) ? 'nan' : impossibleReason(o, h, l, c, v);
    if (reason)
      out.push(
        finding(
          'impossible',
          ts,
          i,
          i,
          tf,
          { open: o, high: h, low: l, close: c, volume: v },
          { field: reason },
        ),
      );
    if (Number.isNaN(t)) continue;
    if (i > 0) {
      const prev = ts[i - 1]!;
      if (t === prev) out.push(finding('duplicate_ts', ts, i - 1, i, tf, { ts: t }));
      else if (t < prev) out.push(finding('unordered_ts', ts, i, i, tf, { ts: t, previousTs: prev }));
    }
    if (!onGrid(t)) out.push(finding('off_grid', ts, i, i, tf, { ts: t }));
  }
}
