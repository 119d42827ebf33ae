import { daysFromCivil, newParsedTime, type ParsedTime } from './timestamp';

// Allocation-free parsing of plain rows straight from the file's bytes. Anything unusual fails (a
// time reader returns false, RowScanner.scan -1) and the caller re-reads the row as text on the
// general path, which words the problem.

/** Two ASCII digits at b[i] as a number, or -1000 when either is not a digit. */
export function d2(b: Uint8Array, i: number): number {
  const x = (b[i] as number) - 48;
  const y = (b[i + 1] as number) - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1000;
}

let lastDay = -1;
let lastDayKey = -1;

/** `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z]` in buf[s, e), naive or Z; false for anything else. */
export function isoAt(b: Uint8Array, s: number, e: number, out: ParsedTime): boolean {
  const n = e - s;
  if (n < 16 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 13] !== 58) return false;
  const sep = b[s + 10];
  if (sep !== 84 && sep !== 32) return false;
  const y = d2(b, s) * 100 + d2(b, s + 2);
  const mo = d2(b, s + 5);
  const d = d2(b, s + 8);
  const h = d2(b, s + 11);
  const mi = d2(b, s + 14);
  let sec = 0;
  let ms = 0;
  let i = s + 16;
  if (i < e && b[i] === 58) {
    sec = d2(b, i + 1);
    i += 3;
    // Milliseconds as Barcat's own CSV export writes them (`.000Z`); other fractions take the slow path.
    if (i + 3 < e && b[i] === 46) {
      const hi = d2(b, i + 1);
      const lo = (b[i + 3] as number) - 48;
      if (hi < 0 || lo < 0 || lo > 9) return false;
      ms = hi * 10 + lo;
      i += 4;
    }
  }
  if (i < e) {
    if (b[i] === 90 && i === e - 1) out.offsetMin = 0;
    else return false;
  } else out.offsetMin = Number.NaN;
  if (
    y < 1800 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > 31 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    sec < 0 ||
    sec > 59
  )
    return false;
  // Consecutive rows share the date: compute days_from_civil once per date.
  const key = y * 10000 + mo * 100 + d;
  if (key !== lastDayKey) {
    if (d > 28 && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return false;
    lastDay = daysFromCivil(y, mo, d);
    lastDayKey = key;
  }
  out.civil = lastDay * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
  out.hasTime = true;
  out.epoch = false;
  return true;
}

/** Role of a column in the one-pass scan: a value slot (0..7), the timestamp, one text field, or skipped. */
export const ROLE_TS = -2;
export const ROLE_SKIP = -1;
/** A field kept by its bounds (textStart/textEnd), as the timestamp is: a tick's side. */
export const ROLE_TEXT = -3;

/**
 * One pass over a plain row: numbers of mapped columns are parsed while scanning for delimiters,
 * the timestamp field's bounds are kept, other fields are skipped. The row ends at a line break (LF,
 * or CR LF) or, with `limitEnds`, at `limit`: a streamed chunk is scanned row after row without
 * looking for its line breaks first. -1 sends the row to the general path (quotes, empty or unusual
 * numbers, exponents, decimal commas, no line break before `limit`).
 */
export class RowScanner {
  readonly vals = new Float64Array(8);
  tsStart = 0;
  tsEnd = 0;
  textStart = 0;
  textEnd = 0;
  fields = 0;
  /**
   * Length of the last row's ISO time (0: none, or not ISO). The next row's is first read by isoAt
   * at that length: a delimiter right after it ends the field without scanning its bytes.
   */
  tsLen = 0;
  /** The row just scanned had its time read that way, into `time`. */
  tsRead = false;
  /** No byte isoAt accepts is the delimiter: a time it reads holds no delimiter (nor a quote). */
  private readonly isoSafe: boolean;

  /** `time` receives the times read at tsLen; a caller that leaves tsLen at 0 needs none. */
  constructor(
    private readonly roles: Int8Array,
    private readonly dc: number,
    private readonly time: ParsedTime = newParsedTime(),
  ) {
    this.isoSafe = !'0123456789-:T .Z'.includes(String.fromCharCode(dc));
  }

  /** Where the row starting at `from` ends (its CR or LF, or `limit`), or -1. */
  scan(b: Uint8Array, from: number, limit: number, limitEnds: boolean): number {
    const roles = this.roles;
    const dc = this.dc;
    let i = from;
    let col = 0;
    for (;;) {
      const role = col < roles.length ? (roles[col] as number) : ROLE_SKIP;
      // The byte after the field: a delimiter, a line break, or `limit`.
      let c = -1;
      if (role >= 0) {
        let neg = false;
        if (i < limit && b[i] === 45) {
          neg = true;
          i++;
        }
        let int = 0;
        let digits = 0;
        while (i < limit) {
          c = b[i] as number;
          if (c < 48 || c > 57) break;
          int = int * 10 + (c - 48);
          digits++;
          i++;
        }
        let v = int;
        if (i < limit && c === 46) {
          i++;
          let frac = 0;
          let scale = 1;
          while (i < limit) {
            c = b[i] as number;
            if (c < 48 || c > 57) break;
            frac = frac * 10 + (c - 48);
            scale *= 10;
            digits++;
            i++;
          }
          if (scale === 1) return -1;
          v = (int * scale + frac) / scale;
        }
        if (digits === 0 || digits > 15) return -1;
        if (i < limit) {
          c = b[i] as number;
          if (c !== dc && c !== 10 && !(c === 13 && b[i + 1] === 10)) return -1;
        }
        this.vals[role] = neg ? -v : v;
      } else {
        const s = i;
        const e = s + this.tsLen;
        if (role === ROLE_TS) this.tsRead = false;
        if (
          role === ROLE_TS &&
          e > s &&
          this.isoSafe &&
          (e < limit ? fieldEnds(b, e, dc) : e === limit && limitEnds) &&
          isoAt(b, s, e, this.time)
        ) {
          this.tsRead = true;
          i = e;
          if (i < limit) c = b[i] as number;
        } else
          while (i < limit) {
            c = b[i] as number;
            if (c === dc || c === 10 || (c === 13 && b[i + 1] === 10)) break;
            if (c === 34) return -1;
            i++;
          }
        if (role === ROLE_TS) {
          this.tsStart = s;
          this.tsEnd = i;
        } else if (role === ROLE_TEXT) {
          this.textStart = s;
          this.textEnd = i;
        }
      }
      col++;
      if (i >= limit) {
        if (!limitEnds) return -1;
        break;
      }
      if (c !== dc) break;
      i++;
    }
    this.fields = col;
    return i;
  }
}

/** b[e] ends a field: the delimiter, LF, or CR before LF. */
function fieldEnds(b: Uint8Array, e: number, dc: number): boolean {
  const c = b[e] as number;
  return c === dc || c === 10 || (c === 13 && b[e + 1] === 10);
}
