import { MIN, t } from './helpers';
import { NYSE_PUBLISHED } from './nyse-published';

/**
 * A synthetic, complete 1-minute AAPL series for 2024 built without the calendar code: the published
 * 2024 holiday and early-close lists and New York's 2024 offsets (UTC-5, UTC-4 from 2024-03-10 to
 * 2024-11-03). Every trading minute 09:30-16:00 (13:00 on early-close days) has one bar.
 */
export function nyOffsetHours2024(date: string): number {
  return date >= '2024-03-10' && date < '2024-11-03' ? 4 : 5;
}

export function aapl2024Minutes(): Float64Array {
  const closed = new Set(NYSE_PUBLISHED[2024]!.closed.map((md) => `2024-${md}`));
  const early = new Set(NYSE_PUBLISHED[2024]!.early.map((md) => `2024-${md}`));
  const out: number[] = [];
  for (let day = t('2024-01-01'); day < t('2025-01-01'); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6 || closed.has(date)) continue;
    const offset = nyOffsetHours2024(date) * 60 * MIN;
    const open = day + (9 * 60 + 30) * MIN + offset;
    const close = day + (early.has(date) ? 13 : 16) * 60 * MIN + offset;
    for (let m = open; m < close; m += MIN) out.push(m);
  }
  return Float64Array.from(out);
}
