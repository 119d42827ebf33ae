import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BarcatError } from '../../plumbing/errors';
import { catalogPath } from '../../plumbing/inside';
import { type DayNumber, parseClockTime, parseIsoDate, weekdayOf } from './civil-date';
import { createTradingCalendar, type DaySession, type TradingCalendar } from './trading-calendar';
import { isValidTimeZone } from './zoned-time';

/**
 * User-defined calendars: one JSON file per calendar in CATALOG/calendars/NAME.json holding a weekly
 * session template in a time zone, a holiday list and early closes. See docs/calendars.md.
 */

export const CALENDAR_NAME_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== undefined, { message: 'expected a real date as YYYY-MM-DD' });
const clockTime = z.string().refine((s) => parseClockTime(s) !== undefined, {
  message: 'expected a time HH:MM between 00:00 and 24:00',
});
const sessionText = z.string().refine(
  (s) => {
    const [open, close, extra] = s.split('-');
    return (
      extra === undefined &&
      parseClockTime(open ?? '') !== undefined &&
      parseClockTime(close ?? '') !== undefined
    );
  },
  { message: 'expected a session "HH:MM-HH:MM" (open >= close means it opens the evening before)' },
);

const daySessions = z.array(sessionText).optional();

export const UserCalendarSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().max(300).optional(),
    timeZone: z
      .string()
      .refine(isValidTimeZone, { message: 'unknown IANA time zone (e.g. "Europe/London")' }),
    week: z.strictObject({
      sun: daySessions,
      mon: daySessions,
      tue: daySessions,
      wed: daySessions,
      thu: daySessions,
      fri: daySessions,
      sat: daySessions,
    }),
    holidays: z
      .array(z.union([isoDate, z.object({ date: isoDate, name: z.string().optional() })]))
      .default([]),
    earlyCloses: z.array(z.object({ date: isoDate, close: clockTime })).default([]),
  })
  .strict();
export type UserCalendarFile = z.input<typeof UserCalendarSchema>;

/** "17:00-16:00" -> open -420 (the evening before), close 960; "09:30-16:00" -> 570, 960. */
function toDaySession(text: string): DaySession {
  const [openText, closeText] = text.split('-') as [string, string];
  const open = parseClockTime(openText)!;
  const close = parseClockTime(closeText)!;
  return { open: open >= close ? open - 24 * 60 : open, close };
}

function clipToClose(sessions: readonly DaySession[], close: number): DaySession[] {
  return sessions
    .filter((s) => s.open < close)
    .map((s) => ({ open: s.open, close: Math.min(s.close, close) }));
}

/** Builds a calendar from a parsed file; throws BarcatError(BAD_INPUT) naming the file and the field. */
export function userCalendarFrom(json: unknown, name: string, file: string): TradingCalendar {
  const parsed = UserCalendarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new BarcatError(
      'BAD_INPUT',
      `calendar file ${file}: ${where}: ${issue.message}; fix the file or remove it.`,
    );
  }
  const spec = parsed.data;
  if (spec.name !== undefined && spec.name !== name) {
    throw new BarcatError(
      'BAD_INPUT',
      `calendar file ${file}: name "${spec.name}" differs from the file name "${name}"; make them equal.`,
    );
  }
  const week = WEEKDAYS.map((d, i) => {
    const sessions = (spec.week[d] ?? []).map(toDaySession).sort((a, b) => a.open - b.open);
    for (let j = 1; j < sessions.length; j++) {
      if (sessions[j]!.open < sessions[j - 1]!.close) {
        throw new BarcatError(
          'BAD_INPUT',
          `calendar file ${file}: week.${WEEKDAYS[i]} has overlapping sessions; fix the file.`,
        );
      }
    }
    return sessions;
  });
  const holidays = new Set<DayNumber>(
    spec.holidays.map((h) => parseIsoDate(typeof h === 'string' ? h : h.date)!),
  );
  const earlyCloses = new Map<DayNumber, number>(
    spec.earlyCloses.map((e) => [parseIsoDate(e.date)!, parseClockTime(e.close)!]),
  );
  return createTradingCalendar({
    name,
    description: spec.description ?? `user calendar (${spec.timeZone})`,
    timeZone: spec.timeZone,
    sessionsOf(day) {
      if (holidays.has(day)) return [];
      const sessions = week[weekdayOf(day)]!;
      const close = earlyCloses.get(day);
      return close === undefined ? sessions : clipToClose(sessions, close);
    },
  });
}

export interface CalendarFileProblem {
  file: string;
  message: string;
}

export interface UserCalendars {
  calendars: TradingCalendar[];
  /** Calendar name -> the file it came from. */
  files: Map<string, string>;
  /** Files that were skipped, each with a one-sentence reason. */
  problems: CalendarFileProblem[];
}

/** Reads every CATALOG/calendars/*.json; a bad file is reported in `problems`, never thrown. */
export function loadUserCalendars(
  catalogDir: string,
  reserved: ReadonlySet<string> = new Set(),
): UserCalendars {
  const dir = path.join(catalogDir, 'calendars');
  const out: UserCalendars = { calendars: [], files: new Map(), problems: [] };
  let names: string[];
  try {
    // A calendars folder that is a link out of the catalog is reported, never listed.
    catalogPath(catalogDir, 'calendars');
  } catch (err) {
    if (!(err instanceof BarcatError)) throw err;
    out.problems.push({ file: dir, message: err.message });
    return out;
  }
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return out;
  }
  for (const fileName of names) {
    const file = path.join(dir, fileName);
    const name = fileName.slice(0, -'.json'.length).toLowerCase();
    try {
      if (!CALENDAR_NAME_RE.test(name)) {
        throw new BarcatError(
          'BAD_INPUT',
          `calendar file ${file}: "${name}" is not a valid calendar name (a-z, 0-9, . _ -); rename the file.`,
        );
      }
      if (reserved.has(name)) {
        throw new BarcatError(
          'BAD_INPUT',
          `calendar file ${file}: "${name}" is a built-in calendar; rename the file.`,
        );
      }
      // Checked per file: a calendar file may be a link leading out of the catalog.
      const checked = catalogPath(catalogDir, 'calendars', fileName);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(checked, 'utf8'));
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new BarcatError(
          'BAD_INPUT',
          `calendar file ${file}: not valid JSON (${reason}); fix the file.`,
        );
      }
      out.calendars.push(userCalendarFrom(json, name, file));
      out.files.set(name, file);
    } catch (err) {
      if (!(err instanceof BarcatError)) throw err;
      out.problems.push({ file, message: err.message });
    }
  }
  return out;
}

const cache = new Map<string, { signature: string; loaded: UserCalendars }>();

/** loadUserCalendars, re-read only when a file in CATALOG/calendars was added, removed or changed. */
export function cachedUserCalendars(catalogDir: string, reserved: ReadonlySet<string>): UserCalendars {
  const dir = path.join(catalogDir, 'calendars');
  let signature = '';
  try {
    for (const f of readdirSync(dir).sort()) {
      const st = statSync(path.join(dir, f));
      signature += `${f}:${st.mtimeMs}:${st.size};`;
    }
  } catch {
    signature = 'none';
  }
  const hit = cache.get(catalogDir);
  if (hit && hit.signature === signature) return hit.loaded;
  const loaded = loadUserCalendars(catalogDir, reserved);
  cache.set(catalogDir, { signature, loaded });
  return loaded;
}
