import { civilOf, type DayNumber, isWeekend } from './civil-date';
import { createTradingCalendar, type DaySession, type TradingCalendar } from './trading-calendar';

const NONE: readonly DaySession[] = [];
// The FX trading date D runs from 17:00 New York time on D-1 to 17:00 on D (the "New York close").
const FX_DAY: readonly DaySession[] = [{ open: -7 * 60, close: 17 * 60 }];

/** Trading dates Monday-Friday, except Dec 25 and Jan 1 (closed from 17:00 the evening before). */
function fxSessions(day: DayNumber): readonly DaySession[] {
  if (isWeekend(day)) return NONE;
  const { month, day: dom } = civilOf(day);
  if ((month === 12 && dom === 25) || (month === 1 && dom === 1)) return NONE;
  return FX_DAY;
}

/** Spot FX: Sunday 17:00 to Friday 17:00 America/New_York, closed for Christmas Day and New Year's Day. */
export function fxCalendar(): TradingCalendar {
  return createTradingCalendar({
    name: 'fx',
    description:
      'Spot FX: Sunday 17:00 to Friday 17:00 America/New_York; closed 17:00 Dec 24 to 17:00 Dec 25 and 17:00 Dec 31 to 17:00 Jan 1',
    timeZone: 'America/New_York',
    sessionsOf: fxSessions,
  });
}
