// Field readers that work on a range of a line (or of a whole decoded chunk) by char codes, so the
// per-tick parse allocates no string per field; each gives exactly what the string path gives.

/** The characters String.prototype.trim and Number() strip (WhiteSpace and LineTerminator). */
export function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 160) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whether `text` from `a` to `b` is empty or only spaces (`raw.trim() === ''`). */
export function isBlank(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const EXACT = 2 ** 53;

/**
 * A plain decimal (`[+-]digits[.digits]`, no spaces, no exponent) read from char codes, or NaN when
 * the text is anything else or too long for the fast path. Exact: the digits as a whole number stay
 * below 2^53 and the scale is a power of ten up to 1e22, both exact doubles, so the one division is
 * correctly rounded, the same double Number(text) gives.
 */
export function decimalAt(text: string, a: number, b: number): number {
  let i = a;
  let neg = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    neg = first === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && scale < 0) scale = i;
    else return Number.NaN;
  }
  if (digits === 0 || m >= EXACT) return Number.NaN;
  const k = scale < 0 ? 0 : b - scale - 1;
  if (k > 22) return Number.NaN;
  const v = k === 0 ? m : m / POW10[k]!;
  return neg ? -v : v;
}

/**
 * decimalAt over bytes, for epoch counts without a sign (`digits[.digits]`): the same double, or
 * NaN for anything else (the caller then reads the field as text).
 */
export function unsignedDecimalBytes(b: Uint8Array, a: number, e: number): number {
  let m = 0;
  let scale = -1;
  for (let i = a; i < e; i++) {
    const c = b[i] as number;
    if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
    else if (c === 46 && scale < 0 && i > a && i < e - 1) scale = i;
    else return Number.NaN;
  }
  if (e <= a || m >= EXACT) return Number.NaN;
  const k = scale < 0 ? 0 : e - scale - 1;
  if (k > 22) return Number.NaN;
  return k === 0 ? m : m / POW10[k]!;
}

/** A number field from `a` to `b`: Number() of its text, but NaN when it is empty or blank. */
export function numAt(text: string, a: number, b: number): number {
  if (a < b) {
    const v = decimalAt(text, a, b);
    if (!Number.isNaN(v)) return v;
  }
  const v = Number(text.slice(a, b));
  return v === 0 && isBlank(text, a, b) ? Number.NaN : v;
}
