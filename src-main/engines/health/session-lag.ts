import type { Interval } from '../../../src-shared/domain/range';
import { nextBarStart, type Timeframe } from '../../../src-shared/domain/timeframe';
import type { TradingCalendar } from '../calendars/index';

/**
 * How far behind a series is, in session time: the trading dates of its calendar between the end of
 * its last bar and `now` (each counts in full, so "1d" is one trading day whatever the bar size;
 * weekends and holidays count nothing). Zero when the last bar ends at or after now.
 */
export function sessionLagMs(
  cal: TradingCalendar,
  timeframe: Timeframe,
  lastBar: number,
  now: number,
): number {
  const from = nextBarStart(lastBar, timeframe);
  if (from >= now) return 0;
  const range: Interval = { from, to: now };
  return cal.sessions(range, '1d').reduce((sum, s) => sum + (s.to - s.from), 0);
}
