import type { ImportProblem } from '../../../../src-shared/domain/import';

export const MAX_PROBLEMS_IN_FULL = 100;

/** What to do about each rule, appended to its message. */
const ADVICE: Record<string, string> = {
  bad_timestamp: 'fix the value or pass --on-error skip to leave the row out',
  missing_price: 'fill in the price or pass --on-error skip to leave the row out',
  bad_number: 'fix the number or pass --on-error skip to leave the row out',
  not_finite: 'fix the number or pass --on-error skip to leave the row out',
  high_below_max: 'check the vendor data or pass --on-error skip to leave the row out',
  low_above_min: 'check the vendor data or pass --on-error skip to leave the row out',
  negative_volume: 'fix the volume or pass --on-error skip to leave the row out',
  missing_field: 'the row has fewer fields than the header; fix it or pass --on-error skip',
  ts_out_of_range: 'fix the time (or set BARCAT_YEARS) or pass --on-error skip to leave the row out',
  off_grid: 'pick the right --timeframe (or --tz) or pass --on-error skip to leave the row out',
  duplicate_conflict: 'keep one of the rows or pass --on-error skip to leave both out',
  no_such_date: 'fix the date or pass --on-error skip to leave the row out',
  extra_fields: 'quote the value or remove the stray delimiter, or pass --on-error skip to leave the row out',
  unclosed_quote: 'close or remove the quote, or pass --on-error skip to leave those lines out',
  line_too_long: 'add the missing line breaks, or pass --on-error skip to leave the line out',
  crossed_quote: 'check the vendor data or pass --on-error skip to leave the row out',
  non_positive_price: 'fix the price or pass --on-error skip to leave the row out',
  time_backwards: 'sort the file, raise --tolerance-ms, or pass --on-error skip to leave the row out',
  duplicate_trade_id: 'remove the repeated trade or pass --on-error skip to leave it out',
};

type Severity = ImportProblem['severity'];

/**
 * Whether a problem is kept in full: while its severity has kept fewer than 100, or when its rule has
 * none kept yet (the dialog files a rule's count by its severity). One rule for every list of a file.
 */
export function keepsInFull(keptOfSeverity: number, ruleKept: boolean): boolean {
  return keptOfSeverity < MAX_PROBLEMS_IN_FULL || !ruleKept;
}

/** The arguments of one `add`, kept so problems found in a worker can be replayed with shifted lines. */
export type RawProblem = [
  line: number | null,
  column: string | null,
  value: string | null,
  rule: string,
  what: string,
  severity: Severity,
];

/** The arguments of `add`: a RawProblem whose severity defaults to error. */
type ProblemArgs = [
  line: number | null,
  column: string | null,
  value: string | null,
  rule: string,
  what: string,
  severity?: Severity,
];

/**
 * Collects problems: the first 100 errors and the first 100 notes in full (a file's notes come after
 * its rows' errors, and must not lose their place to them), and past those the first of each rule not
 * kept yet (the dialog files a rule's count by its severity); every one counted per rule.
 */
export class ProblemLog {
  readonly full: ImportProblem[] = [];
  /** The ones kept in full as `add` received them (see RawProblem). */
  readonly raw: RawProblem[] = [];
  readonly counts: Record<string, number> = {};
  errors = 0;
  private readonly kept: Record<Severity, number> = { error: 0, note: 0 };
  private readonly rulesKept = new Set<string>();

  constructor(readonly file: string) {}

  add(...p: ProblemArgs): void {
    const [, , , rule, , severity = 'error'] = p;
    this.counts[rule] = (this.counts[rule] ?? 0) + 1;
    if (severity === 'error') this.errors++;
    this.show(...p);
  }

  /** Keeps a problem in full (see the class) without counting it: counts merged from elsewhere. */
  show(...[line, column, value, rule, what, severity = 'error']: ProblemArgs): void {
    if (!keepsInFull(this.kept[severity], this.rulesKept.has(rule))) return;
    this.kept[severity]++;
    this.rulesKept.add(rule);
    this.raw.push([line, column, value, rule, what, severity]);
    const where = [line === null ? null : `line ${line}`, column === null ? null : `column ${column}`]
      .filter(Boolean)
      .join(', ');
    const shown = value === null ? '' : ` (value "${value.length > 40 ? `${value.slice(0, 40)}…` : value}")`;
    const advice = ADVICE[rule];
    const message = `${this.file}${where ? ` ${where}` : ''}: ${what}${shown}${advice && severity === 'error' ? `; ${advice}` : ''}`;
    this.full.push({ file: this.file, line, column, value, rule, message, severity });
  }
}
