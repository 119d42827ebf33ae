import { z } from 'zod';
import specialDaysJson from '../../../resources/calendars/xnys-special-days.json';
import {
  type DayNumber,
  dayOf,
  easterSunday,
  FRIDAY,
  lastWeekday,
  MONDAY,
  nthWeekday,
  parseClockTime,
  parseIsoDate,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  TUESDAY,
  WEDNESDAY,
  weekdayOf,
  yearOf,
} from './civil-date';

/**
 * NYSE and Nasdaq trading-day rules (both exchanges keep the same holidays and early closes). The
 * yearly rules are code; one-off changes live in resources/calendars/xnys-special-days.json. Valid
 * from 1999 (the Christmas Eve rule starts then); checked against the published lists 2000-2030.
 */

export const REGULAR_OPEN = 9 * 60 + 30;
export const REGULAR_CLOSE = 16 * 60;
export const EARLY_CLOSE = 13 * 60;

export interface UsEquityYear {
  /** Full closures: holiday name or reason. */
  readonly closed: ReadonlyMap<DayNumber, string>;
  /** Regular-session close in minutes after midnight New York time, when earlier than 16:00. */
  readonly earlyCloses: ReadonlyMap<DayNumber, { close: number; reason: string }>;
  /** Regular-session open when later than 09:30. */
  readonly lateOpens: ReadonlyMap<DayNumber, { open: number; reason: string }>;
}

/** Saturday -> the Friday before, Sunday -> the Monday after (NYSE Rule 7.2). */
function observed(day: DayNumber): DayNumber {
  const wd = weekdayOf(day);
  return wd === SATURDAY ? day - 1 : wd === SUNDAY ? day + 1 : day;
}

function thanksgiving(year: number): DayNumber {
  return nthWeekday(year, 11, THURSDAY, 4);
}

export function regularHolidays(year: number): [DayNumber, string][] {
  const out: [DayNumber, string][] = [];
  // On a Saturday, New Year's Day is not observed: the Friday before closes the accounting year.
  const newYear = dayOf(year, 1, 1);
  if (weekdayOf(newYear) !== SATURDAY) out.push([observed(newYear), "New Year's Day"]);
  if (year >= 1998) out.push([nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day']);
  out.push([nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday"]);
  out.push([easterSunday(year) - 2, 'Good Friday']);
  out.push([lastWeekday(year, 5, MONDAY), 'Memorial Day']);
  if (year >= 2022) out.push([observed(dayOf(year, 6, 19)), 'Juneteenth National Independence Day']);
  out.push([observed(dayOf(year, 7, 4)), 'Independence Day']);
  out.push([nthWeekday(year, 9, MONDAY, 1), 'Labor Day']);
  out.push([thanksgiving(year), 'Thanksgiving Day']);
  out.push([observed(dayOf(year, 12, 25)), 'Christmas Day']);
  return out;
}

/** The 13:00 early closes that follow a yearly rule. */
export function regularEarlyCloses(year: number): [DayNumber, string][] {
  const out: [DayNumber, string][] = [];
  const july3 = dayOf(year, 7, 3);
  const wd3 = weekdayOf(july3);
  // July 4th on a Tuesday, Wednesday or Friday: the day before closes early (since 1995)...
  if (year >= 1995 && (wd3 === MONDAY || wd3 === TUESDAY || wd3 === THURSDAY)) {
    out.push([july3, 'Day before Independence Day']);
  }
  // ...and on a Thursday: the Friday after until 2012, the Wednesday before since 2013.
  if (year >= 2013 && wd3 === WEDNESDAY) out.push([july3, 'Day before Independence Day']);
  const july5 = dayOf(year, 7, 5);
  if (year >= 1996 && year <= 2012 && weekdayOf(july5) === FRIDAY) {
    out.push([july5, 'Day after Independence Day']);
  }
  if (year >= 1993) out.push([thanksgiving(year) + 1, 'Day after Thanksgiving']);
  const dec24 = dayOf(year, 12, 24);
  const wd24 = weekdayOf(dec24);
  if (year >= 1999 && wd24 >= MONDAY && wd24 <= THURSDAY) out.push([dec24, 'Christmas Eve']);
  return out;
}

const isoDate = z.string().refine((s) => parseIsoDate(s) !== undefined, 'expected a real date YYYY-MM-DD');
const clock = z.string().refine((s) => parseClockTime(s) !== undefined, 'expected HH:MM');
const SpecialDaysSchema = z.object({
  closures: z.array(z.object({ date: isoDate, reason: z.string() })),
  earlyCloses: z.array(z.object({ date: isoDate, close: clock, reason: z.string() })),
  lateOpens: z.array(z.object({ date: isoDate, open: clock, reason: z.string() })),
});

interface SpecialDay {
  day: DayNumber;
  minutes: number;
  reason: string;
}

let specialDays: { closures: SpecialDay[]; earlyCloses: SpecialDay[]; lateOpens: SpecialDay[] } | undefined;

// Parsed on first use: the data file ships with the code, so a bad entry is a bug to fail on loudly.
function loadSpecialDays(): NonNullable<typeof specialDays> {
  if (!specialDays) {
    const data = SpecialDaysSchema.parse(specialDaysJson);
    const day = (s: string) => parseIsoDate(s)!;
    specialDays = {
      closures: data.closures.map((c) => ({ day: day(c.date), minutes: 0, reason: c.reason })),
      earlyCloses: data.earlyCloses.map((c) => ({
        day: day(c.date),
        minutes: parseClockTime(c.close)!,
        reason: c.reason,
      })),
      lateOpens: data.lateOpens.map((c) => ({
        day: day(c.date),
        minutes: parseClockTime(c.open)!,
        reason: c.reason,
      })),
    };
  }
  return specialDays;
}

const years = new Map<number, UsEquityYear>();

/** Closures, early closes and late opens of one calendar year, computed once and cached. */
export function usEquityYear(year: number): UsEquityYear {
  let info = years.get(year);
  if (info) return info;
  const special = loadSpecialDays();
  const inYear = (d: SpecialDay) => yearOf(d.day) === year;
  const closed = new Map<DayNumber, string>(regularHolidays(year));
  for (const c of special.closures.filter(inYear)) closed.set(c.day, c.reason);
  const earlyCloses = new Map<DayNumber, { close: number; reason: string }>();
  for (const [day, reason] of regularEarlyCloses(year)) earlyCloses.set(day, { close: EARLY_CLOSE, reason });
  for (const c of special.earlyCloses.filter(inYear))
    earlyCloses.set(c.day, { close: c.minutes, reason: c.reason });
  const lateOpens = new Map<DayNumber, { open: number; reason: string }>();
  for (const c of special.lateOpens.filter(inYear))
    lateOpens.set(c.day, { open: c.minutes, reason: c.reason });
  info = { closed, earlyCloses, lateOpens };
  years.set(year, info);
  return info;
}
