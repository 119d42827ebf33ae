import type { Interval } from '../../../src-shared/domain/range';
import type { Timeframe } from '../../../src-shared/domain/timeframe';

/**
 * [from, to) cut into read windows that keep memory bounded whatever the series' length: a month
 * of 1s bars (2.7M rows), a year of 1m/3m bars (0.5M), and one window for 5m and longer.
 */
export function readWindows(from: number, to: number, timeframe: Timeframe): Interval[] {
  if (to <= from) return [];
  const months = timeframe === '1s' ? 1 : timeframe === '1m' || timeframe === '3m' ? 12 : 0;
  if (months === 0) return [{ from, to }];
  const out: Interval[] = [];
  const d = new Date(from);
  const y = d.getUTCFullYear();
  let m = months === 12 ? 0 : d.getUTCMonth();
  for (let start = from; start < to; ) {
    m += months;
    const next = Math.min(to, Date.UTC(y, m, 1));
    out.push({ from: start, to: next });
    start = next;
  }
  return out;
}
