import type { ColumnMapping, MappingFallback, MappingKind } from '../../../../src-shared/domain/import';
import { ProblemLog } from '../parse/problems';
import type { SampleLine } from '../parse/sniff';
import { newParsedTime, parseTimestamp } from '../parse/timestamp';
import type { ReadPlan } from './read-plan';
import { RowParser } from './row-parser';

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
/** Fewer sampled rows say too little about a mapping: their problems are reported row by row. */
const MIN_SAMPLED_ROWS = 5;

/** Content-based mapping for files without a header: time first (one or two columns), then OHLC(V). */
export function mapByPosition(first: string[]): ColumnMapping | undefined {
  const pt = newParsedTime();
  const timeLike = (s: string | undefined) =>
    /^\d{1,2}:\d{2}(:\d{2})?$/.test(s?.trim() ?? '') || /^\d{6}$/.test(s?.trim() ?? '');
  let at: number;
  const mapping: ColumnMapping = {};
  if (parseTimestamp(first[0] ?? '', 'DMY', pt) && !pt.hasTime && timeLike(first[1])) {
    mapping.date = 0;
    mapping.time = 1;
    at = 2;
  } else {
    mapping.ts = 0;
    at = 1;
  }
  const numeric = first.slice(at).filter((f) => /^\s*-?[0-9.]+(e[-+]?\d+)?\s*$/i.test(f)).length;
  if (numeric < 4) return undefined;
  mapping.open = at;
  mapping.high = at + 1;
  mapping.low = at + 2;
  mapping.close = at + 3;
  if (first.length > at + 4) mapping.volume = at + 4;
  return mapping;
}

/** The permutations of [0, 1, 2, 3], fewest moved places first (so open/close keep their columns on a tie). */
function permutations(): number[][] {
  const out: number[][] = [];
  const go = (rest: number[], acc: number[]) => {
    if (rest.length === 0) out.push(acc);
    for (const x of rest)
      go(
        rest.filter((y) => y !== x),
        [...acc, x],
      );
  };
  go([0, 1, 2, 3], []);
  const moved = (p: number[]) => p.filter((x, i) => x !== i).length;
  return out.filter((p) => moved(p) > 0).sort((a, b) => moved(a) - moved(b));
}
const PERMUTATIONS = permutations();

function shifted(m: ColumnMapping, by: number): ColumnMapping | undefined {
  const out: ColumnMapping = {};
  for (const [k, v] of Object.entries(m) as [keyof ColumnMapping, number][]) {
    if (v + by < 0) return undefined;
    out[k] = v + by;
  }
  return out;
}

interface Scored {
  kind: MappingKind;
  plan: ReadPlan;
  validRows: number;
  /** Rows read (a record over several lines, held by an open quote, is one). */
  rows: number;
}

/** Runs the sampled data lines through the row rules under `plan`'s mapping. */
function score(kind: MappingKind, plan: ReadPlan, lines: SampleLine[]): Scored {
  const log = new ProblemLog(plan.file);
  const parser = new RowParser(plan, log, lines.length + 1);
  for (const l of lines) parser.pushLine(l.text, l.line);
  parser.end(false);
  // Rows of one repeated time do not pass: a date read without its time column repeats.
  const { civil, offsetMin, length } = parser.cols;
  const times = new Set<string>();
  for (let i = 0; i < length; i++) times.add(`${civil[i]}/${offsetMin[i]}`);
  return { kind, plan, validRows: times.size, rows: parser.rowsRead };
}

/** The other plausible mappings: every column shifted by one, by position, prices reordered. */
function alternatives(detected: ColumnMapping, firstRow: string[]): [MappingKind, ColumnMapping][] {
  // Structural causes first: on a tie the earlier kind wins.
  const out: [MappingKind, ColumnMapping][] = [];
  const right = shifted(detected, 1);
  if (right) out.push(['shifted_right', right]);
  const left = shifted(detected, -1);
  if (left) out.push(['shifted_left', left]);
  const byPosition = mapByPosition(firstRow);
  if (byPosition) out.push(['by_position', byPosition]);
  const cols = PRICE_FIELDS.map((f) => detected[f] as number);
  for (const p of PERMUTATIONS) {
    const m: ColumnMapping = { ...detected };
    PRICE_FIELDS.forEach((f, i) => {
      m[f] = cols[p[i] as number];
    });
    out.push(['prices_reordered', m]);
  }
  return out;
}

const key = (m: ColumnMapping) => JSON.stringify(Object.entries(m).sort());

export interface MappingChoice {
  plan: ReadPlan;
  fallback: MappingFallback | null;
}

/**
 * When fewer than half of the sampled rows pass the row rules under the detected mapping, tries the
 * other plausible mappings and takes the one most rows pass (at least half). When none does, the
 * detected mapping stays (its rows are reported one by one; --on-error skip keeps the good ones)
 * and `fallback.chosen` is null. Decided on the sample, so the preview shows what the import uses.
 */
export function chooseMapping(
  detected: ReadPlan,
  lines: SampleLine[],
  firstRow: string[],
  planFor: (m: ColumnMapping) => ReadPlan,
): MappingChoice {
  const base = score('detected', detected, lines);
  const of = base.rows;
  if (of < MIN_SAMPLED_ROWS || base.validRows * 2 >= of) return { plan: detected, fallback: null };
  const seen = new Set([key(detected.mapping)]);
  // The best of each kind, in the order tried; the first of equals wins.
  const best = new Map<MappingKind, Scored>();
  for (const [kind, m] of alternatives(detected.mapping, firstRow)) {
    if (seen.has(key(m))) continue;
    seen.add(key(m));
    const s = score(kind, planFor(m), lines);
    const prev = best.get(kind);
    if (!prev || s.validRows > prev.validRows) best.set(kind, s);
  }
  const tried = [base, ...best.values()];
  const chosen = tried.reduce((a, b) => (b.validRows > a.validRows ? b : a));
  const passes = chosen !== base && chosen.validRows * 2 >= of;
  return {
    plan: passes ? chosen.plan : detected,
    fallback: {
      tried: tried.map((t) => ({ kind: t.kind, mapping: t.plan.mapping, validRows: t.validRows })),
      chosen: passes ? chosen.kind : null,
      validRows: passes ? chosen.validRows : base.validRows,
      of,
    },
  };
}

/** The mappings tried, in words: `the detected mapping: 0 of 6; …`. */
export function triedText(f: MappingFallback, skip: readonly MappingKind[] = []): string {
  return f.tried
    .filter((t) => !skip.includes(t.kind))
    .map((t) => `${MAPPING_WORDS[t.kind]}: ${t.validRows} of ${f.of}`)
    .join('; ');
}

/** For a rejection: the other mappings tried when none passes, else nothing. */
export function noMappingPasses(f: MappingFallback | null): string {
  return f && f.chosen === null
    ? ` No other column mapping passes either (tried on the first ${f.of} rows: ${triedText(f)}); check the header and the column order, or pass a mapping or --preset.`
    : '';
}

/** A mapping kind in words, for messages and the CLI. */
export const MAPPING_WORDS: Record<MappingKind, string> = {
  detected: 'the detected mapping',
  prices_reordered: 'the price columns reordered',
  shifted_right: 'every column shifted right by one (a leading column the header lacks)',
  shifted_left: 'every column shifted left by one',
  by_position: 'by position, ignoring the header (time first, then open, high, low, close, volume)',
};
