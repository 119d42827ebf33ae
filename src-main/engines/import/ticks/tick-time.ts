import type { TickTime } from '../../../../src-shared/domain/ticks';
import { DAY_US } from '../../../../src-shared/domain/timeframe';
import { d2 } from '../parse/fast-row';
import { daysFromCivil } from '../parse/timestamp';
import { ZoneConverter } from '../parse/zone';
import { decimalAt, isSpace, unsignedDecimalBytes } from './tick-fields';

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

const ISO: FieldAt = [0, 5, 8, 11, 14, 17]; // 2024-01-02T00:00:00.123456Z

const EPOCH_SCALE = { 'epoch-s': 1e6, 'epoch-ms': 1e3, 'epoch-us': 1, 'epoch-ns': 1e-3 } as const;

/** Whether b[i] is the ASCII byte `c` at each [offset, c] of `seps` from `a`. */
function bytesAre(b: Uint8Array, a: number, seps: readonly number[]): boolean {
  for (let k = 0; k < seps.length; k += 2) if (b[a + seps[k]!] !== seps[k + 1]) return false;
  return true;
}

/** The end of the run of ASCII digits from `i` (at most to `e`). */
function digitsEnd(b: Uint8Array, i: number, e: number): number {
  while (i < e && (b[i] as number) >= 48 && (b[i] as number) <= 57) i++;
  return i;
}

/** fractionUs over bytes that are all digits from `a` to `e`: the first six as µs. */
function fractionBytes(b: Uint8Array, a: number, e: number): number {
  let v = 0;
  for (let i = a; i < a + 6; i++) v = v * 10 + (i < e ? (b[i] as number) - 48 : 0);
  return v;
}

const SUFFIX_RE = /\s*GMT([+-])(\d{2}):?(\d{2})$/;

/** The UTC µs of wall-clock `t` at the fixed offset `sign` `hh`:`mm` (east of UTC is `+`). */
function atOffset(t: number, sign: string, hh: string, mm: string): number {
  return offsetBy(t, sign.charCodeAt(0), Number(hh), Number(mm));
}

/** atOffset with the sign's char code and the hours and minutes as numbers. */
function offsetBy(t: number, sign: number, hh: number, mm: number): number {
  const off = (hh * 60 + mm) * 60_000_000;
  return sign === 45 ? t + off : t - off;
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
        const scale = EPOCH_SCALE[this.format];
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

  /** The last date read from bytes (y * 10000 + m * 100 + d) and its midnight in µs: consecutive ticks share a day. */
  private dateKey = -1;
  private dateUs = 0;

  /**
   * The time written in bytes `b` from `a` to `e`, read as readAt reads the same text, or NaN when
   * it is not written the plain way (a space, a character outside ASCII, an unusual form): the
   * caller then reads the line as text, which decides (and words the problem).
   */
  readBytes(b: Uint8Array, a: number, e: number): number {
    switch (this.format) {
      case 'dmy-dots': {
        // 02.01.2024 00:00:00.123[ GMT+0200]
        if (e - a < 19 || !bytesAre(b, a, [2, 46, 5, 46, 10, 32, 13, 58, 16, 58])) return Number.NaN;
        let p = this.fractionEnd(b, a, e);
        if (p < 0) return Number.NaN;
        const t = this.civilBytes(b, a, DMY_DOTS, this.fractionUs);
        if (p === e) return this.wall(t);
        // ` GMT+0200`, `GMT-05:00`: what SUFFIX_RE takes when no other space stands before it.
        if (b[p] === 32) p++;
        const sign = b[p + 3];
        const colon = e - p === 9 && b[p + 6] === 58;
        if (!(e - p === 8 || colon) || !bytesAre(b, p, [0, 71, 1, 77, 2, 84]) || (sign !== 43 && sign !== 45))
          return Number.NaN;
        const hh = d2(b, p + 4);
        const mm = d2(b, e - 2);
        if (hh < 0 || mm < 0) return Number.NaN;
        return offsetBy(t, sign, hh, mm);
      }
      case 'ymd-glued': {
        // 20240102 170000123
        if (e - a < 15 || b[a + 8] !== 32 || digitsEnd(b, a + 15, e) !== e) return Number.NaN;
        return this.wall(this.civilBytes(b, a, YMD_GLUED, fractionBytes(b, a + 15, e)));
      }
      case 'ymd-colons': {
        // 20240102 00:00:00.123
        if (e - a < 17 || !bytesAre(b, a, [8, 32, 11, 58, 14, 58])) return Number.NaN;
        if (e - a === 17) return this.wall(this.civilBytes(b, a, YMD_COLONS, 0));
        if (b[a + 17] !== 46 || e - a === 18 || digitsEnd(b, a + 18, e) !== e) return Number.NaN;
        return this.wall(this.civilBytes(b, a, YMD_COLONS, fractionBytes(b, a + 18, e)));
      }
      case 'iso': {
        // 2024-01-02T00:00:00[.123456][Z|+02:00|+0200]
        if (e - a < 19 || !bytesAre(b, a, [4, 45, 7, 45, 13, 58, 16, 58])) return Number.NaN;
        if (b[a + 10] !== 84 && b[a + 10] !== 32) return Number.NaN;
        const p = this.fractionEnd(b, a, e);
        if (p < 0) return Number.NaN;
        const t = this.civilBytes(b, a, ISO, this.fractionUs);
        if (p === e) return this.wall(t);
        if (b[p] === 90 && e - p === 1) return t;
        const sign = b[p];
        const hh = d2(b, p + 1);
        const mm = d2(b, e - 2);
        const shape = e - p === 5 || (e - p === 6 && b[p + 3] === 58);
        if ((sign !== 43 && sign !== 45) || !shape || hh < 0 || mm < 0) return Number.NaN;
        return offsetBy(t, sign, hh, mm);
      }
      default: {
        const v = unsignedDecimalBytes(b, a, e);
        return Number.isNaN(v) ? v : Math.floor(v * EPOCH_SCALE[this.format]);
      }
    }
  }

  /** The fraction read by fractionEnd, µs. */
  private fractionUs = 0;

  /**
   * Where the seconds of a time 19 bytes long (and its `.digits` fraction, if any) end, the
   * fraction kept in fractionUs; -1 for a `.` without digits (the text pass decides it).
   */
  private fractionEnd(b: Uint8Array, a: number, e: number): number {
    this.fractionUs = 0;
    if (a + 19 >= e || b[a + 19] !== 46) return a + 19;
    const p = digitsEnd(b, a + 20, e);
    if (p === a + 20) return -1;
    this.fractionUs = fractionBytes(b, a + 20, p);
    return p;
  }

  /** civilAt over bytes, the date's midnight kept from the tick before when it shares the day. */
  private civilBytes(b: Uint8Array, a: number, at: FieldAt, us: number): number {
    const yh = d2(b, a + at[0]);
    const yl = d2(b, a + at[0] + 2);
    const mo = d2(b, a + at[1]);
    const d = d2(b, a + at[2]);
    if ((yh | yl | mo | d) < 0) return Number.NaN;
    const key = (yh * 100 + yl) * 10000 + mo * 100 + d;
    if (key !== this.dateKey) {
      if (mo < 1 || mo > 12 || d < 1 || d > 31) return Number.NaN;
      this.dateKey = key;
      this.dateUs = daysFromCivil(yh * 100 + yl, mo, d) * DAY_US;
    }
    const h = d2(b, a + at[3]);
    const mi = d2(b, a + at[4]);
    const sec = d2(b, a + at[5]);
    if (h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 60) return Number.NaN;
    return this.dateUs + ((h * 60 + mi) * 60 + sec) * 1_000_000 + us;
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
