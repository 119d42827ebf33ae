import path from 'node:path';
import type { Interval } from '../../../src-shared/domain/range';
import { DAY } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import { fxCalendar } from './fx';
import type { TradingCalendar } from './trading-calendar';
import { usEquityCalendar } from './us-equity';
import { cachedUserCalendars } from './user-calendar';

export { firstEndingAfter, outOfSession } from './out-of-session';
export type { SessionCalendar } from './session-calendar';
export type { TradingCalendar } from './trading-calendar';
export {
  type CalendarFileProblem,
  loadUserCalendars,
  type UserCalendarFile,
  type UserCalendars,
  userCalendarFrom,
} from './user-calendar';

/** Crypto markets trade around the clock: the whole range is session time (every date is a trading day). */
export const CALENDAR_24X7: TradingCalendar = {
  name: '24x7',
  description: 'Around the clock, every day (crypto)',
  timeZone: 'UTC',
  sessions: (range: Interval) => (range.to > range.from ? [{ from: range.from, to: range.to }] : []),
  isTradingDay: () => true,
  sessionsOn: (day) => [{ from: day * DAY, to: (day + 1) * DAY }],
};

// Built lazily so importing the registry (the CLI does at start-up) costs nothing.
let builtIns: Map<string, TradingCalendar> | undefined;

function builtInCalendars(): Map<string, TradingCalendar> {
  builtIns ??= new Map(
    [
      CALENDAR_24X7,
      fxCalendar(),
      usEquityCalendar('xnys', 'NYSE', false),
      usEquityCalendar('xnas', 'Nasdaq', false),
      usEquityCalendar('xnys-ext', 'NYSE', true),
      usEquityCalendar('xnas-ext', 'Nasdaq', true),
    ].map((c) => [c.name, c]),
  );
  return builtIns;
}

export const BUILT_IN_CALENDAR_NAMES = ['24x7', 'fx', 'xnys', 'xnas', 'xnys-ext', 'xnas-ext'] as const;
const RESERVED = new Set<string>(BUILT_IN_CALENDAR_NAMES);

/**
 * Looks up a calendar by name (case-insensitive): built-ins first, then the user calendars in
 * CATALOG/calendars/*.json when `catalogDir` is given. Undefined when unknown or its file is invalid
 * (listCalendars reports why).
 */
export function findCalendar(name: string, catalogDir?: string): TradingCalendar | undefined {
  const key = name.trim().toLowerCase();
  const builtIn = builtInCalendars().get(key);
  if (builtIn || catalogDir === undefined) return builtIn;
  return cachedUserCalendars(catalogDir, RESERVED).calendars.find((c) => c.name === key);
}

/**
 * Like findCalendar, but throws BarcatError saying why: the user calendar file's problem, or that the
 * name is unknown (with the names that exist). For `--calendar NAME` options and setCalendar.
 */
export function requireCalendar(name: string, catalogDir?: string): TradingCalendar {
  const found = findCalendar(name, catalogDir);
  if (found) return found;
  const key = name.trim().toLowerCase();
  const list = listCalendars(catalogDir);
  const problem = list.problems.find((p) => path.basename(p.file).toLowerCase() === `${key}.json`);
  if (problem) throw new BarcatError('BAD_INPUT', problem.message);
  throw new BarcatError(
    'NOT_FOUND',
    `calendar "${name}" is not known; use one of ${list.calendars.map((c) => c.name).join(', ')}.`,
  );
}

const NASDAQ_VENUES = new Set(['NASDAQ', 'XNAS', 'NASDAQGS', 'NASDAQGM', 'NASDAQCM']);
const NYSE_VENUES = new Set([
  'NYSE',
  'XNYS',
  'ARCA',
  'NYSEARCA',
  'XASE',
  'AMEX',
  'NYSEAMERICAN',
  'NYSEMKT',
  'US',
  'BATS',
  'IEX',
]);
const FX_VENUES = new Set(['FX', 'FOREX', 'OANDA', 'FXCM', 'DUKASCOPY', 'HISTDATA', 'FXPRO', 'IG']);

/**
 * The calendar a new series gets when nobody chose one. Crypto venues (BINANCE, COINBASE, KRAKEN,
 * BITSTAMP, BYBIT, OKX, ...) and unknown venues get 24x7, which never hides a gap.
 */
export function defaultCalendarName(venue: string): string {
  const v = venue.trim().toUpperCase();
  if (NASDAQ_VENUES.has(v)) return 'xnas';
  if (NYSE_VENUES.has(v)) return 'xnys';
  if (FX_VENUES.has(v)) return 'fx';
  return '24x7';
}

export interface CalendarInfo {
  name: string;
  description: string;
  timeZone: string;
  /** "built-in", or the JSON file a user calendar came from. */
  source: string;
}

export interface CalendarList {
  calendars: CalendarInfo[];
  /** User calendar files that could not be loaded, with the reason. */
  problems: { file: string; message: string }[];
}

/** Every calendar the UI or CLI can offer: built-ins, then valid user calendars of the catalog. */
export function listCalendars(catalogDir?: string): CalendarList {
  const info = (c: TradingCalendar, source: string): CalendarInfo => ({
    name: c.name,
    description: c.description,
    timeZone: c.timeZone,
    source,
  });
  const calendars = [...builtInCalendars().values()].map((c) => info(c, 'built-in'));
  if (catalogDir === undefined) return { calendars, problems: [] };
  const user = cachedUserCalendars(catalogDir, RESERVED);
  for (const c of user.calendars) calendars.push(info(c, user.files.get(c.name) ?? ''));
  return { calendars, problems: user.problems };
}
