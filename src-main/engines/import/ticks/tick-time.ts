import type { TickTime } from '../../../../src-shared/domain/ticks';
import { daysFromCivil } from '../parse/timestamp';
import { ZoneConverter } from '../parse/zone';

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

/** A fraction of a second as µs ("123" = 123000); more than 6 digits are cut to µs. */
function fractionUs(s: string): number {
  // Read digit by digit: this runs once per tick, where a regex and two strings cost more than the rest.
  let v = 0;
  for (let i = 0; i < 6; i++) {
    if (i >= s.length) {
      v *= 10;
      continue;
    }
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
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

/** µs since the epoch of the civil time a fixed layout spells (NaN where a field is not digits). */
function civilAt(s: string, at: FieldAt, us: number): number {
  const [y, mo, d, h, mi, sec] = at;
  return civilUs(
    digits(s, y, 4),
    digits(s, mo, 2),
    digits(s, d, 2),
    digits(s, h, 2),
    digits(s, mi, 2),
    digits(s, sec, 2),
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
    const s = raw.trim();
    switch (this.format) {
      case 'epoch-s':
      case 'epoch-ms':
      case 'epoch-us':
      case 'epoch-ns': {
        if (!/^\d+(\.\d+)?$/.test(s)) return Number.NaN;
        const scale = { 'epoch-s': 1e6, 'epoch-ms': 1e3, 'epoch-us': 1, 'epoch-ns': 1e-3 }[this.format];
        return Math.floor(Number(s) * scale);
      }
      case 'ymd-glued': {
        // 20240102 170000123
        if (s.length < 15 || s[8] !== ' ') return Number.NaN;
        const t = civilAt(s, YMD_GLUED, fractionUs(s.slice(15)));
        return this.wall(t);
      }
      case 'ymd-colons': {
        // 20240102 00:00:00.123
        if (s.length < 17 || s[8] !== ' ' || s[11] !== ':' || s[14] !== ':') return Number.NaN;
        const frac = s.length > 17 ? (s[17] === '.' ? s.slice(18) : 'x') : '';
        const t = civilAt(s, YMD_COLONS, fractionUs(frac));
        return this.wall(t);
      }
      case 'dmy-dots': {
        // 02.01.2024 00:00:00.123[ GMT+0200]
        // Most files have no suffix: the regex runs only where one may be.
        const m = s.includes('GMT') ? SUFFIX_RE.exec(s) : null;
        const body = m ? s.slice(0, m.index) : s;
        if (body.length < 19 || body[2] !== '.' || body[5] !== '.' || body[10] !== ' ') return Number.NaN;
        const frac = body.length > 19 ? (body[19] === '.' ? body.slice(20) : 'x') : '';
        const t = civilAt(body, DMY_DOTS, fractionUs(frac));
        return m ? atOffset(t, m[1]!, m[2]!, m[3]!) : this.wall(t);
      }
      case 'iso': {
        const m =
          /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
        if (!m) return Number.NaN;
        const t = civilUs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fractionUs(m[7] ?? ''));
        const z = m[8];
        if (!z) return this.wall(t);
        if (z === 'Z') return t;
        return atOffset(t, z[0]!, z.slice(1, 3), z.slice(-2));
      }
    }
  }
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
