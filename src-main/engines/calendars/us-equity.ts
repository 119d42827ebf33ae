import { type DayNumber, isWeekend, yearOf } from './civil-date';
import { createTradingCalendar, type DaySession, type TradingCalendar } from './trading-calendar';
import { EARLY_CLOSE, REGULAR_CLOSE, REGULAR_OPEN, usEquityYear } from './us-equity-rules';

const NEW_YORK = 'America/New_York';
const NONE: readonly DaySession[] = [];
const REGULAR: readonly DaySession[] = [{ open: REGULAR_OPEN, close: REGULAR_CLOSE }];
// Pre-market from 04:00 and after-hours to 20:00; on a 13:00 early-close day late trading ends at 17:00.
const EXTENDED: readonly DaySession[] = [{ open: 4 * 60, close: 20 * 60 }];
const EXTENDED_EARLY: readonly DaySession[] = [{ open: 4 * 60, close: 17 * 60 }];

function usEquitySessions(day: DayNumber, extended: boolean): readonly DaySession[] {
  if (isWeekend(day)) return NONE;
  const year = usEquityYear(yearOf(day));
  if (year.closed.has(day)) return NONE;
  const early = year.earlyCloses.get(day);
  if (extended) return early?.close === EARLY_CLOSE ? EXTENDED_EARLY : EXTENDED;
  const late = year.lateOpens.get(day);
  if (!early && !late) return REGULAR;
  return [{ open: late?.open ?? REGULAR_OPEN, close: early?.close ?? REGULAR_CLOSE }];
}

/** A US equity exchange calendar: regular session 09:30-16:00 New York time, or 04:00-20:00 extended. */
export function usEquityCalendar(name: string, exchange: string, extended: boolean): TradingCalendar {
  const hours = extended ? 'extended hours 04:00-20:00' : 'regular session 09:30-16:00';
  return createTradingCalendar({
    name,
    description: `${exchange} ${hours} America/New_York, exchange holidays, early closes and one-off closures`,
    timeZone: NEW_YORK,
    sessionsOf: (day) => usEquitySessions(day, extended),
  });
}
