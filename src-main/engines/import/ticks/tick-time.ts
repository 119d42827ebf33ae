import type { TickTime } from '../../../../src-shared/domain/ticks';
import { daysFromCivil } from '../parse/timestamp';
import { ZoneConverter } from '../parse/zone';
import { decimalAt, isSpace } from './tick-fields';

const DAY_US = 86_400_000_000;

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/** A fraction of a second from `a` to `b` as µs ("123" = 123000); more than 6 digits are cut to µs. */
function fractionUs(s: string, a: number, b: number): number {
  // Read digit by digit: this runs once per tick, where a regex and two strings cost more than the rest.
  let v = 0;
  for (let i = 0; i < 6; i++) {
    if (a + i >= b) {
      v *= 10;
      continue;
    }
    const c = s.charCodeAt(a + i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/** The fraction after a fixed layout `len` long that starts at `a` and ends at `b`: none, `.digits`, or NaN. */
function fractionAfter(s: string, a: number, b: number, len: number): number {
  if (b - a === len) return 0;
  return s.charCodeAt(a + len) === 46 ? fractionUs(s, a + len + 1, b) : Number.NaN;
}

function civilUs(y: number, mo: number, d: number, h: number, mi: number, sec: number, us: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return Number.NaN;
  return daysFromCivil(y, mo, d) * DAY_US + ((h * 60 + mi) * 60 + sec) * 1_000_000 + us;
}

// `GMT+0200`, `GMT-05:00`: the offset of the wall-clock time before it, in µs.
/** Where year (4 digits), month, day, hour, minute and second (2 digits each) stand in a fixed layout. */
type FieldAt = readonly [number, number, number, number, number, number];
const YMD_GLUED: FieldAt = [0, 4, 6, 9, 11, 13]; // 20240102 170000123
const YMD_COLONS: FieldAt = [0, 4, 6, 9, 12, 15]; // 20240102 00:00:00.123
const DMY_DOTS: FieldAt = [6, 3, 0, 11, 14, 17]; // 02.01.2024 00:00:00.123

/** µs since the epoch of the civil time a fixed layout at `a` spells (NaN where a field is not digits). */
function civilAt(s: string, a: number, at: FieldAt, us: number): number {
  // Indexed, not destructured: this runs once per tick.
  return civilUs(
    digits(s, a + at[0], 4),
    digits(s, a + at[1], 2),
    digits(s, a + at[2], 2),
    digits(s, a + at[3], 2),
    digits(s, a + at[4], 2),
    digits(s, a + at[5], 2),
    us,
  );
}

const SUFFIX_RE = /\s*GMT([+-])(\d{2}):?(\d{2})$/;

/** The UTC µs of wall-clock `t` at the fixed offset `sign` `hh`:`mm` (east of UTC is `+`). */
function atOffset(t: number, sign: string, hh: string, mm: string): number {
  const off = (Number(hh) * 60 + Number(mm)) * 60_000_000;
  return sign === '-' ? t + off : t - off;
}

/**
 * Reads tick times as µs UTC. Times without an offset are wall-clock times of `tz` (a fixed offset
 * such as UTC-5 or an IANA zone); a Dukascopy `GMT+0200` suffix overrides it. NaN: not such a time.
 */
export class TickTimeReader {
  private readonly zone: ZoneConverter;

  constructor(
    readonly format: TickTime,
    tz: string,
  ) {
    this.zone = new ZoneConverter(tz);
  }

  private wall(civil: number): number {
    if (Number.isNaN(civil)) return civil;
    const ms = Math.floor(civil / 1000);
    return this.zone.toUtc(ms) * 1000 + (civil - ms * 1000);
  }

  read(raw: string): number {
    return this.readAt(raw, 0, raw.length);
  }

  /** The time written in `text` from `a` to `b` (a field of a line), read without cutting it out. */
  readAt(text: string, a: number, b: number): number {
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    const len = b - a;
    switch (this.format) {
      case 'epoch-s':
      case 'epoch-ms':
      case 'epoch-us':
      case 'epoch-ns': {
        if (!isEpochCount(text, a, b)) return Number.NaN;
        const scale = { 'epoch-s': 1e6, 'epoch-ms': 1e3, 'epoch-us': 1, 'epoch-ns': 1e-3 }[this.format];
        const v = decimalAt(text, a, b);
        return Math.floor((Number.isNaN(v) ? Number(text.slice(a, b)) : v) * scale);
      }
      case 'ymd-glued': {
        // 20240102 170000123
        if (len < 15 || text.charCodeAt(a + 8) !== 32) return Number.NaN;
        return this.wall(civilAt(text, a, YMD_GLUED, fractionUs(text, a + 15, b)));
      }
      case 'ymd-colons': {
        // 20240102 00:00:00.123
        if (
          len < 17 ||
          text.charCodeAt(a + 8) !== 32 ||
          text.charCodeAt(a + 11) !== 58 ||
          text.charCodeAt(a + 14) !== 58
        )
          return Number.NaN;
        return this.wall(civilAt(text, a, YMD_COLONS, fractionAfter(text, a, b, 17)));
      }
      case 'dmy-dots': {
        // 02.01.2024 00:00:00.123[ GMT+0200]
        // Most files have no suffix: the regex runs only where one may be.
        if (mayHaveSuffix(text, a, b)) return this.dmySuffixed(text.slice(a, b));
        if (
          len < 19 ||
          text.charCodeAt(a + 2) !== 46 ||
          text.charCodeAt(a + 5) !== 46 ||
          text.charCodeAt(a + 10) !== 32
        )
          return Number.NaN;
        return this.wall(civilAt(text, a, DMY_DOTS, fractionAfter(text, a, b, 19)));
      }
      case 'iso': {
        const m =
          /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(
            text.slice(a, b),
          );
        if (!m) return Number.NaN;
        const f = m[7] ?? '';
        const t = civilUs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fractionUs(f, 0, f.length));
        const z = m[8];
        if (!z) return this.wall(t);
        if (z === 'Z') return t;
        return atOffset(t, z[0]!, z.slice(1, 3), z.slice(-2));
      }
    }
  }

  /** A trimmed dmy-dots time that has `GMT` in it (a Dukascopy offset suffix, or not a time). */
  private dmySuffixed(s: string): number {
    const m = SUFFIX_RE.exec(s);
    const b = m ? m.index : s.length;
    if (b < 19 || s[2] !== '.' || s[5] !== '.' || s[10] !== ' ') return Number.NaN;
    const t = civilAt(s, 0, DMY_DOTS, fractionAfter(s, 0, b, 19));
    return m ? atOffset(t, m[1]!, m[2]!, m[3]!) : this.wall(t);
  }
}

/** `\d+(\.\d+)?` from `a` to `b`. */
function isEpochCount(s: string, a: number, b: number): boolean {
  let dot = -1;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot < 0 && i > a) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  return b > a && dot !== b - 1;
}

/**
 * Whether the time from `a` to `b` may end in a `GMT+0200` or `GMT+02:00` suffix: only then can
 * SUFFIX_RE match, so only then does the regex run.
 */
function mayHaveSuffix(s: string, a: number, b: number): boolean {
  return isGmt(s, a, b - 8) || isGmt(s, a, b - 9);
}

function isGmt(s: string, a: number, at: number): boolean {
  return at >= a && s.charCodeAt(at) === 71 && s.charCodeAt(at + 1) === 77 && s.charCodeAt(at + 2) === 84;
}

/** The epoch unit of a count by its size (a date between 2001 and 2286 in each). */
export function epochUnitOf(raw: string): TickTime | undefined {
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  const n = raw.trim().split('.')[0]!.length;
  if (n === 10) return 'epoch-s';
  if (n === 13) return 'epoch-ms';
  if (n === 16) return 'epoch-us';
  if (n === 19) return 'epoch-ns';
  return undefined;
}
