import {
  DAY,
  MINUTE,
  parseTimeframe,
  SECOND,
  type Timeframe,
  WEEK,
} from '../../../../src-shared/domain/timeframe';

/**
 * The timeframe whose bars are `ms` apart: N months' 28-31 days each `NM` (checked first: quarterly
 * bars are often 91 days apart, which is also 13 weeks), whole weeks `Nw`, whole days `Nd`, whole
 * minutes or seconds their canonical spelling (`600000` -> `10m`, `3600000` -> `1h`). Null for a
 * spacing no timeframe has (`90.5 s`, `25 h`).
 */
export function timeframeOfSpacing(ms: number): Timeframe | null {
  let spelled: string | null = null;
  if (ms % DAY === 0) spelled = monthsOf(ms / DAY) ?? (ms % WEEK === 0 ? `${ms / WEEK}w` : `${ms / DAY}d`);
  else if (ms < DAY && ms % MINUTE === 0) spelled = `${ms / MINUTE}m`;
  else if (ms < DAY && ms % SECOND === 0) spelled = `${ms / SECOND}s`;
  if (spelled === null) return null;
  const parsed = parseTimeframe(spelled);
  return 'timeframe' in parsed ? parsed.timeframe : null;
}

/** Shortest and longest N consecutive months in days (over a common and a leap year), N = 1..12. */
const MONTH_SPANS = Array.from({ length: 12 }, (_, i) => {
  const n = i + 1;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let m = 0; m < 24; m++) {
    const days = (Date.UTC(2023, m + n, 1) - Date.UTC(2023, m, 1)) / DAY;
    min = Math.min(min, days);
    max = Math.max(max, days);
  }
  return { n, min, max };
});

/** `NM` when `days` is one of the lengths N consecutive months have (2M: 59-62 days); 1M takes 28-31. */
function monthsOf(days: number): string | null {
  if (days >= 28 && days <= 31) return '1M';
  const span = MONTH_SPANS.find((s) => s.n > 1 && days >= s.min && days <= s.max);
  return span ? `${span.n}M` : null;
}
