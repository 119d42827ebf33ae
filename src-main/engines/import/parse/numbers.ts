/** How numbers are written in a file: `.` or `,` as the decimal mark (the other one groups thousands). */
export interface NumberStyle {
  decimalComma: boolean;
}

const EMPTY_WORDS = new Set(['', '-', 'null', 'nan', 'n/a', 'na', 'none', '--']);

/** True when the field holds no value at all (empty, `-`, `null`, `NaN`): missing, not malformed. */
export function isEmptyValue(raw: string): boolean {
  if (raw.length > 4) {
    const c = raw.charCodeAt(0);
    if (c >= 48 && c <= 57) return false;
  }
  const s = raw.trim();
  return s.length <= 4 && EMPTY_WORDS.has(s.toLowerCase());
}

/**
 * Parses a price or volume. Fast path for plain `-123.45`; slow path for thousands separators,
 * decimal commas, exponents and K/M/B suffixes (`105.76K`). NaN when the text is not one number.
 */
export function parseNumber(raw: string, style: NumberStyle): number {
  const n = raw.length;
  if (n === 0) return Number.NaN;
  let i = 0;
  let neg = false;
  let c = raw.charCodeAt(0);
  if (c === 45 /* - */) {
    neg = true;
    i = 1;
  } else if (c === 43 /* + */) i = 1;
  let int = 0;
  let digits = 0;
  for (; i < n; i++) {
    c = raw.charCodeAt(i);
    if (c < 48 || c > 57) break;
    int = int * 10 + (c - 48);
    digits++;
  }
  if (i === n) return digits > 0 && digits < 16 ? (neg ? -int : int) : slowParse(raw, style);
  const decimalMark = style.decimalComma ? 44 : 46;
  if (c !== decimalMark || digits >= 16) return slowParse(raw, style);
  let frac = 0;
  let scale = 1;
  let fracDigits = 0;
  for (i++; i < n; i++) {
    c = raw.charCodeAt(i);
    if (c < 48 || c > 57) break;
    frac = frac * 10 + (c - 48);
    scale *= 10;
    fracDigits++;
  }
  if (i !== n || digits + fracDigits > 15 || digits + fracDigits === 0) return slowParse(raw, style);
  // Same double as Number("int.frac") for up to 15 significant digits.
  const v = (int * scale + frac) / scale;
  return neg ? -v : v;
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

function slowParse(raw: string, style: NumberStyle): number {
  let s = raw.trim().replace(/^"|"$/g, '');
  if (s.length === 0) return Number.NaN;
  let mult = 1;
  const last = s[s.length - 1]?.toLowerCase() ?? '';
  if (last in SUFFIX) {
    mult = SUFFIX[last] ?? 1;
    s = s.slice(0, -1);
  }
  if (s.endsWith('%')) return Number.NaN;
  s = style.decimalComma ? s.replace(/[.\s']/g, '').replace(',', '.') : s.replace(/[,\s']/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number.NaN;
  const v = Number(s) * mult;
  return mult === 1 ? v : Math.round(v * 1e6) / 1e6;
}

/** Decides the decimal mark from sample price fields: `15,95` means comma, `35,755.8` means point. */
export function detectDecimalComma(samples: string[]): boolean {
  let comma = 0;
  let point = 0;
  for (const s of samples) {
    const lc = s.lastIndexOf(',');
    const lp = s.lastIndexOf('.');
    if (lc < 0 && lp < 0) continue;
    if (lc > lp) {
      // "1,234" is ambiguous (thousands); anything but three digits after the comma is decimal.
      if (lp >= 0 || !/,\d{3}$/.test(s)) comma++;
    } else point++;
  }
  return comma > point;
}
