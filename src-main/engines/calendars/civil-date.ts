import { DAY } from '../../../src-shared/domain/timeframe';

/**
 * Calendar dates as day numbers: days since 1970-01-01 (so `day * DAY` is that date's 00:00 UTC).
 * Pure proleptic Gregorian arithmetic, no time zones: holiday rules work on dates, not instants.
 */
export type DayNumber = number;

export const SUNDAY = 0;
export const MONDAY = 1;
export const TUESDAY = 2;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

export function dayOf(year: number, month: number, dayOfMonth: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / DAY);
}

export function civilOf(day: DayNumber): { year: number; month: number; day: number } {
  const d = new Date(day * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function yearOf(day: DayNumber): number {
  return new Date(day * DAY).getUTCFullYear();
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: DayNumber): boolean {
  const wd = weekdayOf(day);
  return wd === SATURDAY || wd === SUNDAY;
}

/** The n-th (1-based) given weekday of a month, e.g. the third Monday of January. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): DayNumber {
  const first = dayOf(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

/** The last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekday(year: number, month: number, weekday: number): DayNumber {
  const last = dayOf(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, dayOfMonth);
}

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; undefined for anything else, including dates that do not exist (2023-02-29). */
export function parseIsoDate(text: string): DayNumber | undefined {
  const m = ISO_DATE_RE.exec(text);
  if (!m) return undefined;
  const [year, month, dayOfMonth] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(year, month, dayOfMonth);
  const back = civilOf(day);
  return back.year === year && back.month === month && back.day === dayOfMonth ? day : undefined;
}

const HHMM_RE = /^(\d{2}):(\d{2})$/;

/** Parses `HH:MM` (00:00 to 24:00) into minutes after midnight; undefined when malformed. */
export function parseClockTime(text: string): number | undefined {
  const m = HHMM_RE.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}
