import { splitFields } from './fields';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The physical lines of a sample, with 1-based line numbers; blank lines are dropped. */
export interface SampleLine {
  line: number;
  text: string;
}

export function sampleLines(text: string, max: number): SampleLine[] {
  const out: SampleLine[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length && out.length < max; i++) {
    const t = (raw[i] as string).replace(/\r$/, '');
    if (t.trim().length > 0) out.push({ line: i + 1, text: t });
  }
  return out;
}

function mode(values: number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  let best = { value: 0, count: 0 };
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > best.count || (c === best.count && v > best.value)) best = { value: v, count: c };
  }
  return best;
}

/**
 * Picks the delimiter whose field count is most consistent (and above one) across the sample.
 * Returns the delimiter, the usual field count and how many leading banner lines to skip.
 */
export function detectDelimiter(lines: SampleLine[]): { delimiter: Delimiter; fields: number; skip: number } {
  let best = { delimiter: ',' as Delimiter, fields: 1, skip: 0, score: -1 };
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => splitFields(l.text, d).length);
    const m = mode(counts);
    if (m.value < 2) continue;
    const score = m.count / counts.length + m.value / 1000;
    if (score > best.score) {
      const skip = Math.max(0, counts.indexOf(m.value));
      best = { delimiter: d, fields: m.value, skip, score };
    }
  }
  return best;
}

const NUMERIC_START = /^\s*"?[-+]?[0-9.]/;

/** A header row has fewer numeric-looking fields than the row after it. */
export function looksLikeHeader(first: string[], second: string[] | undefined): boolean {
  const num = (fs: string[]) => fs.filter((f) => NUMERIC_START.test(f)).length;
  const a = num(first);
  if (!second) return a === 0;
  return a === 0 || a < num(second) / 2;
}
