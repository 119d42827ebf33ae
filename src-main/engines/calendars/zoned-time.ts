import { DAY, HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import type { DayNumber } from './civil-date';

/**
 * Local wall-clock time in an IANA time zone -> UTC instant, using the platform's Intl time zone data
 * (no hand-coded offsets, so DST rule changes come with Node's ICU). Each local date's offset is
 * looked up once and cached: a calendar asks for the same few thousand dates again and again.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone name (e.g. "America/New_York"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at an instant in ms (local wall time = utc + offset). */
export function offsetAt(timeZone: string, utcMs: number): number {
  const whole = utcMs - (((utcMs % 1000) + 1000) % 1000);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of formatterFor(timeZone).formatToParts(whole)) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'second') second = Number(p.value);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
}

// Per zone and UTC year: the instants where the offset changes, found by sampling the year weekly and
// bisecting to the second. About a hundred Intl calls a year instead of one or two per date looked up.
// (A change that reverts within the same week would be missed; no zone in the tz database does that.)
interface ZoneYear {
  starts: number[];
  offsets: number[];
}
const zoneYears = new Map<string, Map<number, ZoneYear>>();
const WEEK_MS = 7 * DAY;

function zoneYear(timeZone: string, year: number): ZoneYear {
  let byYear = zoneYears.get(timeZone);
  if (!byYear) {
    byYear = new Map();
    zoneYears.set(timeZone, byYear);
  }
  let zy = byYear.get(year);
  if (zy) return zy;
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1);
  zy = { starts: [yearStart], offsets: [offsetAt(timeZone, yearStart)] };
  let from = yearStart;
  while (from < yearEnd) {
    const to = Math.min(from + WEEK_MS, yearEnd);
    let current = zy.offsets[zy.offsets.length - 1]!;
    // Find each change inside (from, to]: the first second whose offset differs from the current one.
    while (offsetAt(timeZone, to) !== current) {
      let lo = from;
      let hi = to;
      while (hi - lo > 1000) {
        const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
        if (offsetAt(timeZone, mid) === current) lo = mid;
        else hi = mid;
      }
      current = offsetAt(timeZone, hi);
      zy.starts.push(hi);
      zy.offsets.push(current);
      from = hi;
    }
    from = to;
  }
  byYear.set(year, zy);
  return zy;
}

/** Like offsetAt, from the per-year table of changes (same answers, far fewer Intl calls). */
function tableOffsetAt(timeZone: string, utcMs: number): number {
  const zy = zoneYear(timeZone, new Date(utcMs).getUTCFullYear());
  let i = zy.starts.length - 1;
  while (i > 0 && zy.starts[i]! > utcMs) i--;
  return zy.offsets[i]!;
}

/**
 * Exact conversion of a local wall time (expressed as ms "as if UTC") with the same choice as
 * Temporal's "compatible": an ambiguous time (clocks go back) takes the earlier instant, a time that
 * does not exist (clocks go forward) is moved forward by the length of the jump.
 */
function exactLocalToUtc(timeZone: string, localMs: number): number {
  const before = tableOffsetAt(timeZone, localMs - DAY);
  const after = tableOffsetAt(timeZone, localMs + DAY);
  const early = localMs - before;
  const late = localMs - after;
  const earlyOk = tableOffsetAt(timeZone, early) === before;
  const lateOk = tableOffsetAt(timeZone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late);
  if (earlyOk) return early;
  if (lateOk) return late;
  return early;
}

// Per zone: local date -> its one offset, or NaN when the offset changes on or near that date.
const dayOffsets = new Map<string, Map<DayNumber, number>>();

function stableOffsetOf(timeZone: string, day: DayNumber): number {
  let cache = dayOffsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    dayOffsets.set(timeZone, cache);
  }
  let offset = cache.get(day);
  if (offset === undefined) {
    // Every instant of the local date lies within these bounds for any offset up to +-14 h.
    const start = tableOffsetAt(timeZone, day * DAY - 14 * HOUR);
    const end = tableOffsetAt(timeZone, (day + 1) * DAY + 14 * HOUR);
    offset = start === end ? start : Number.NaN;
    cache.set(day, offset);
  }
  return offset;
}

/**
 * UTC instant of `minutes` after local midnight of the local date `day` in `timeZone`. Minutes may be
 * negative or past 24 h (a session that opens the evening before its trading date).
 */
export function zonedToUtc(timeZone: string, day: DayNumber, minutes: number): number {
  const shift = Math.floor(minutes / 1440);
  const localDay = day + shift;
  const localMs = localDay * DAY + (minutes - shift * 1440) * MINUTE;
  const offset = stableOffsetOf(timeZone, localDay);
  return Number.isNaN(offset) ? exactLocalToUtc(timeZone, localMs) : localMs - offset;
}
