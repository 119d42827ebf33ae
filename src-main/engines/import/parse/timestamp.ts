import type { DateOrder, TimestampFormat } from '../../../../src-shared/domain/import';

/**
 * Result of parsing one timestamp, written into a reused object to avoid an allocation per row.
 * `civil` is the wall-clock time as written, counted as if it were UTC (ms); `offsetMin` is the
 * written UTC offset in minutes, NaN when the value is naive; `epoch` marks Unix times (already UTC).
 */
export interface ParsedTime {
  civil: number;
  offsetMin: number;
  hasTime: boolean;
  epoch: boolean;
  /** Set when the value reads as a year, month and day that the calendar lacks (`2024-02-30`). */
  noSuchDate: string | null;
}

export function newParsedTime(): ParsedTime {
  return { civil: Number.NaN, offsetMin: Number.NaN, hasTime: false, epoch: false, noSuchDate: null };
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // Portuguese/Spanish/German/French/Polish abbreviations seen in vendor exports.
  fev: 2,
  abr: 4,
  mai: 5,
  ago: 8,
  set: 9,
  out: 10,
  dez: 12,
  ene: 1,
  dic: 12,
  mrz: 3,
  okt: 10,
  janv: 1,
  fevr: 2,
  mars: 3,
  avr: 4,
  juin: 6,
  juil: 7,
  aout: 8,
  sept: 9,
};

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const MONTH_NAMES = [
  '',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > (MONTH_DAYS[m] ?? 0)) return false;
  if (m === 2 && d === 29) return leap(y);
  return true;
}

/** Why a year/month/day in range is no date: `February 2023 has 28 days` (null when it is one). */
function missingDay(y: number, m: number, d: number): string | null {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 29 || d > 31 || validDate(y, m, d)) return null;
  const days = m === 2 ? (leap(y) ? 29 : 28) : (MONTH_DAYS[m] as number);
  return `${MONTH_NAMES[m]} ${y} has ${days} days`;
}

function setCivil(
  out: ParsedTime,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): boolean {
  if (!validDate(y, mo, d)) {
    out.noSuchDate = missingDay(y, mo, d);
    return false;
  }
  if (h > 24 || mi > 59 || s > 60 || (h === 24 && (mi > 0 || s > 0))) return false;
  out.civil = daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
  return true;
}

function fail(out: ParsedTime): false {
  out.civil = Number.NaN;
  return false;
}

/** Milliseconds per unit of each epoch timestamp format the user can pick. */
export const EPOCH_MS_PER_UNIT: Partial<Record<TimestampFormat, number>> = {
  epoch_s: 1000,
  epoch_ms: 1,
  epoch_us: 1e-3,
  epoch_ns: 1e-6,
};

/** Epoch unit the user's (msPerUnit), else chosen per value by magnitude: seconds, ms, µs or ns since 1970. */
function parseEpoch(s: string, out: ParsedTime, msPerUnit?: number): boolean {
  const v = Number(s);
  if (!Number.isFinite(v) || v <= 0) return fail(out);
  const ms =
    msPerUnit !== undefined
      ? v * msPerUnit
      : v < 1e11
        ? v * 1000
        : v < 1e14
          ? v
          : v < 1e17
            ? v / 1000
            : v / 1e6;
  out.civil = Math.round(ms);
  out.offsetMin = 0;
  out.hasTime = true;
  out.epoch = true;
  return true;
}

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Fast path for `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]`; returns false to fall back. */
function parseIsoFast(s: string, out: ParsedTime): boolean {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = d2(s, 0) * 100 + d2(s, 2);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  if (y < 0 || mo < 0 || d < 0) return false;
  if (n === 10) {
    out.hasTime = false;
    return setCivil(out, y, mo, d, 0, 0, 0, 0);
  }
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return false;
  const h = d2(s, 11);
  const mi = d2(s, 14);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    sec = d2(s, 17);
    i = 19;
    if (i < n && s.charCodeAt(i) === 46) {
      let scale = 100;
      for (i++; i < n; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
      }
      ms = Math.round(ms);
    }
  }
  if (h < 0 || mi < 0 || sec < 0) return false;
  if (i === n) out.offsetMin = Number.NaN;
  else {
    const c = s.charCodeAt(i);
    if (c === 90 && i === n - 1) out.offsetMin = 0;
    else if ((c === 43 || c === 45) && (n - i === 6 || n - i === 5 || n - i === 3)) {
      const oh = d2(s, i + 1);
      const om = n - i === 3 ? 0 : d2(s, n - 2);
      if (oh < 0 || om < 0) return false;
      out.offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else return false;
  }
  out.hasTime = true;
  return setCivil(out, y, mo, d, h, mi, sec, ms);
}

interface Tokens {
  nums: number[];
  lens: number[];
  month: number;
  monthAt: number;
  pm: number; // 0 none, 1 am, 2 pm
  offsetMin: number;
}

const tok: Tokens = { nums: [], lens: [], month: 0, monthAt: -1, pm: 0, offsetMin: Number.NaN };

function tokenize(s: string): boolean {
  tok.nums.length = 0;
  tok.lens.length = 0;
  tok.month = 0;
  tok.monthAt = -1;
  tok.pm = 0;
  tok.offsetMin = Number.NaN;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let v = 0;
      const start = i;
      while (i < n) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        i++;
      }
      tok.nums.push(v);
      tok.lens.push(i - start);
      continue;
    }
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) {
      const start = i;
      while (i < n && (s.charCodeAt(i) | 32) >= 97 && (s.charCodeAt(i) | 32) <= 122) i++;
      const word = s.slice(start, i).toLowerCase();
      if (word === 'am' || word === 'pm') tok.pm = word === 'am' ? 1 : 2;
      else if (word === 'z' || word === 'utc' || word === 'gmt') tok.offsetMin = 0;
      else if (word === 't' && tok.nums.length >= 3) {
        // ISO date/time separator
      } else {
        const m = MONTHS[word.slice(0, 4)] ?? MONTHS[word.slice(0, 3)];
        if (!m || tok.month) return false;
        tok.month = m;
        tok.monthAt = tok.nums.length;
      }
      continue;
    }
    // A sign after hours and minutes starts a UTC offset: +09:00, -0500, +03.
    if ((c === 43 || c === 45) && tok.nums.length >= 5 && i + 1 < n) {
      const d = s.charCodeAt(i + 1) - 48;
      if (d >= 0 && d <= 9) {
        const m = /^(\d{2}):?(\d{2})?$/.exec(s.slice(i + 1));
        if (!m) return false;
        tok.offsetMin = (c === 45 ? -1 : 1) * (Number(m[1]) * 60 + Number(m[2] ?? 0));
        return true;
      }
    }
    i++;
  }
  return true;
}

function expandYear(y: number, len: number): number {
  if (len === 4) return y;
  if (len === 2) return y < 69 ? 2000 + y : 1900 + y;
  return -1;
}

/** Splits glued time digits: HHMM, HHMMSS, HHMMSSmmm. Returns [h, m, s, ms] or undefined. */
function gluedTime(v: number, len: number): [number, number, number, number] | undefined {
  if (len === 4) return [Math.floor(v / 100), v % 100, 0, 0];
  if (len === 6) return [Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100, 0];
  if (len === 9) {
    const hms = Math.floor(v / 1000);
    return [Math.floor(hms / 10000), Math.floor(hms / 100) % 100, hms % 100, v % 1000];
  }
  return undefined;
}

/**
 * Parses any timestamp layout seen in vendor files (see docs/import.md). `order` settles numeric
 * day/month-first dates. Fills `out` and returns true, or returns false with out.civil = NaN.
 */
export function parseTimestamp(
  raw: string,
  order: DateOrder,
  out: ParsedTime,
  epochMsPerUnit?: number,
): boolean {
  const s = raw.trim();
  out.offsetMin = Number.NaN;
  out.epoch = false;
  out.noSuchDate = null;
  if (parseIsoFast(s, out)) return true;
  if (s.length === 0) return fail(out);
  if (/^\d{9,19}(\.\d+)?$/.test(s) && !/^(19|20)\d{6}(\d{4}|\d{6})?$/.test(s))
    return parseEpoch(s, out, epochMsPerUnit);
  if (!tokenize(s)) return fail(out);
  const { nums, lens } = tok;
  let y: number;
  let mo: number;
  let d: number;
  let t = 0; // index of the first time token
  if (tok.month) {
    // "31-Dec-10", "Jun 19, 2021", "19 Jun 2021 10:00"
    if (nums.length < 2) return fail(out);
    const first = nums[0] as number;
    const second = nums[1] as number;
    if ((lens[0] as number) === 4) [y, d] = [first, second];
    else [d, y] = [first, expandYear(second, lens[1] as number)];
    mo = tok.month;
    t = 2;
  } else if (lens[0] === 8) {
    const v = nums[0] as number;
    [y, mo, d] = [Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100];
    t = 1;
  } else if (lens[0] === 12 || lens[0] === 14) {
    const str = s.slice(0, lens[0]);
    y = Number(str.slice(0, 4));
    mo = Number(str.slice(4, 6));
    d = Number(str.slice(6, 8));
    out.hasTime = true;
    out.offsetMin = tok.offsetMin;
    return (
      setCivil(
        out,
        y,
        mo,
        d,
        Number(str.slice(8, 10)),
        Number(str.slice(10, 12)),
        Number(str.slice(12, 14) || 0),
        0,
      ) || fail(out)
    );
  } else if (nums.length >= 3 && lens[0] === 4) {
    [y, mo, d] = [nums[0] as number, nums[1] as number, nums[2] as number];
    t = 3;
  } else if (nums.length >= 3 && (lens[0] as number) <= 2 && (lens[1] as number) <= 2) {
    const a = nums[0] as number;
    const b = nums[1] as number;
    [d, mo] = order === 'DMY' ? [a, b] : [b, a];
    y = expandYear(nums[2] as number, lens[2] as number);
    t = 3;
  } else return fail(out);
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  const rest = nums.length - t;
  out.hasTime = rest > 0;
  if (rest === 1 || (rest >= 1 && (lens[t] as number) > 2)) {
    const g =
      (lens[t] as number) <= 2
        ? [nums[t] as number, 0, 0, 0]
        : gluedTime(nums[t] as number, lens[t] as number);
    if (!g) return fail(out);
    [h, mi, sec, ms] = g as [number, number, number, number];
  } else if (rest >= 2) {
    h = nums[t] as number;
    mi = nums[t + 1] as number;
    if (rest >= 3) sec = nums[t + 2] as number;
    if (rest >= 4) {
      const fl = lens[t + 3] as number;
      ms = Math.round((nums[t + 3] as number) / 10 ** (fl - 3));
    }
    if (rest > 4) return fail(out);
  }
  if (tok.pm) {
    if (h < 1 || h > 12) return fail(out);
    if (tok.pm === 1 && h === 12) h = 0;
    else if (tok.pm === 2 && h !== 12) h += 12;
  }
  out.offsetMin = tok.offsetMin;
  return setCivil(out, y, mo, d, h, mi, sec, ms) || fail(out);
}

/**
 * Decides day-first vs month-first from sample values written as `NN?NN?YYYY`. `ambiguous` when
 * no value has a day above 12; the default then follows the separator (dots: DMY, slashes: MDY).
 */
export function detectDateOrder(samples: string[]): {
  order: DateOrder;
  ambiguous: boolean;
  relevant: boolean;
} {
  let dmy = false;
  let mdy = false;
  let relevant = false;
  let dots = 0;
  for (const s of samples) {
    const m = /^\s*(\d{1,2})([./-])(\d{1,2})\2\d{2,4}/.exec(s);
    if (!m) continue;
    relevant = true;
    if (m[2] === '.') dots++;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[3]) > 12) mdy = true;
  }
  if (dmy && !mdy) return { order: 'DMY', ambiguous: false, relevant };
  if (mdy && !dmy) return { order: 'MDY', ambiguous: false, relevant };
  return { order: dots > 0 ? 'DMY' : 'MDY', ambiguous: relevant, relevant };
}
