import { DAY, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { offsetAt } from '../../calendars/zoned-time';

const NEW_YORK = 'America/New_York';
const SATURDAY = 6;
const SUNDAY = 0;
const FRIDAY = 5;
const OPEN = 9 * 60 + 30;
const CLOSE = 16 * 60;
const FX_CLOSE = 17 * 60;

/** Weekday (0 = Sunday) and minute of the day in New York of a UTC instant. */
function newYorkTime(utc: number): { day: number; weekday: number; minute: number } {
  const local = utc + offsetAt(NEW_YORK, utc);
  const day = Math.floor(local / DAY);
  return { day, weekday: (((day + 4) % 7) + 7) % 7, minute: Math.floor((local - day * DAY) / 60_000) };
}

/**
 * The trading calendar a file's bars suggest, for the preview to offer (the user may change it):
 * bars only on weekdays from 09:30 to 16:00 New York are US equities (xnys); bars that never fall
 * in the FX weekend (Friday 17:00 to Sunday 17:00 New York) over more than a week are fx; anything
 * else trades around the clock (24x7). Daily bars judge by their dates alone. `times` are the
 * bars' UTC opens from across the file.
 */
export function inferCalendar(times: readonly number[], timeframe: Timeframe): 'xnys' | 'fx' | '24x7' {
  if (times.length < 2 || timeframe === '1w' || timeframe === '1M') return '24x7';
  const sorted = [...times].sort((a, b) => a - b);
  const overAWeek = (sorted.at(-1) as number) - (sorted[0] as number) > 7 * DAY;
  if (timeframe === '1d') {
    const weekdays = new Set(sorted.map((t) => (((Math.floor(t / DAY) + 4) % 7) + 7) % 7));
    if (!overAWeek || weekdays.has(SATURDAY)) return '24x7';
    return weekdays.has(SUNDAY) ? 'fx' : 'xnys';
  }
  let equityHours = true;
  let fxWeek = true;
  const dates = new Set<number>();
  for (const t of sorted) {
    const { day, weekday, minute } = newYorkTime(t);
    dates.add(day);
    const weekend = weekday === SATURDAY || weekday === SUNDAY;
    if (weekend || minute < OPEN || minute >= CLOSE) equityHours = false;
    if (
      weekday === SATURDAY ||
      (weekday === FRIDAY && minute >= FX_CLOSE) ||
      (weekday === SUNDAY && minute < FX_CLOSE)
    )
      fxWeek = false;
  }
  // Bars of one day only cannot show that the nights are closed.
  if (equityHours && dates.size > 1) return 'xnys';
  return fxWeek && overAWeek ? 'fx' : '24x7';
}
