import type { Interval } from '../../../src-shared/domain/range';
import { MINUTE, nominalMs, type Timeframe } from '../../../src-shared/domain/timeframe';

/**
 * [from, to) cut into read windows that keep memory bounded whatever the series' length: a month
 * of 1s bars (2.7M rows), a year of 1m/3m bars (0.5M), and one window for 5m and longer.
 */
export function readWindows(from: number, to: number, timeframe: Timeframe): Interval[] {
  const months = timeframe === '1s' ? 1 : timeframe === '1m' || timeframe === '3m' ? 12 : 0;
  if (months === 0) return to <= from ? [] : [{ from, to }];
  return calendarWindows(from, to, months);
}

/**
 * The windows a file export reads one at a time: calendar months below 5m (a 1m partition, 44,640
 * rows; 2.7M rows of 1s) and calendar years from 5m up (a 5m partition), so memory stays flat
 * however many years are exported, and a read never decodes more than the window it returns.
 */
export function fileWindows(from: number, to: number, timeframe: Timeframe): Interval[] {
  return calendarWindows(from, to, nominalMs(timeframe) < 5 * MINUTE ? 1 : 12);
}

function calendarWindows(from: number, to: number, months: 1 | 12): Interval[] {
  if (to <= from) return [];
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
