import type { ImportJobFile } from '../../../src-shared/contract';

type Problem = ImportJobFile['problems'][number];
export type Severity = Problem['severity'];

/** What each rule means, in the dialog's words (main sends only the rule and where). */
const RULE_WORDS: Record<string, string> = {
  bad_timestamp: 'the time cannot be read as a date and time',
  missing_price: 'a price is missing',
  bad_number: 'not a number',
  not_finite: 'the number is infinite',
  missing_field: 'the row has fewer fields than the header',
  high_below_max: 'the high is below the open or the close',
  low_above_min: 'the low is above the open or the close',
  negative_volume: 'the volume is negative',
  off_grid: "the bar is off the timeframe's grid (wrong timeframe or time zone?)",
  duplicate_conflict: 'two rows share this time with different values',
  unsorted_large: 'rows go back in time in a file too big to sort',
  no_timeframe: 'the bar spacing does not tell the timeframe: choose one',
  unsorted: 'the rows were not in time order; they were sorted',
  duplicate_identical: 'identical rows were collapsed into one',
  spacing: 'the bar spacing differs from the chosen timeframe',
  out_of_session: "the bar opens outside the series' trading sessions (wrong time zone or calendar?)",
  crossed_quote: 'the bid is above the ask (a crossed quote)',
  non_positive_price: 'a price of zero or less',
  time_backwards: 'the tick goes back in time by more than the tolerance',
  duplicate_trade_id: 'a trade id seen before on the same day',
  ticks_reordered: 'ticks slightly out of time order were put in order',
};

export function ruleWords(rule: string): string {
  return RULE_WORDS[rule] ?? rule.replaceAll('_', ' ');
}

/** One problem as a line: file, where, what, and the value. */
export function problemLine(file: string, p: Problem): string {
  const where = [p.line === null ? null : `line ${p.line}`, p.column && `column ${p.column}`]
    .filter(Boolean)
    .join(', ');
  return `${file}${where ? ` ${where}` : ''}: ${ruleWords(p.rule)}${p.value === null ? '' : ` ("${p.value}")`}`;
}

/** What happened to a file, one sentence. */
export function fileOutcome(f: ImportJobFile): string {
  const n = (x: number) => x.toLocaleString('en-US');
  switch (f.status) {
    case 'imported': {
      const bars = `${n(f.rowsAdded)} added, ${n(f.rowsReplaced)} replaced, ${n(f.rowsRemoved)} removed${f.rowsSkipped ? `, ${n(f.rowsSkipped)} not written (already stored or repeated)` : ''}`;
      const bad = f.rowsInvalid
        ? `${n(f.rowsInvalid)} bad row${f.rowsInvalid === 1 ? '' : 's'} left out`
        : '';
      // A tick file: the ticks written, then the bars built from them when it built any.
      const parts =
        f.ticksWritten === undefined
          ? [bars, bad]
          : [`${n(f.ticksWritten)} ticks written`, f.series ? `bars ${bars}` : '', bad];
      return parts.filter(Boolean).join(', ');
    }
    case 'rejected':
      return `not imported: ${n(f.rowsInvalid)} bad row${f.rowsInvalid === 1 ? '' : 's'}. Fix them, or choose "skip bad rows" to import the rest.`;
    case 'unchanged':
      return 'imported before with the same settings; left as it was. Choose "import again" to write it with the chosen mode.';
    case 'cancelled':
      return 'cancelled; nothing of it was written';
    case 'filtered':
      return 'left out by the name filter';
    default:
      return `not imported: ${f.message ?? 'it could not be read'}`;
  }
}

/**
 * Counts per rule beyond the problems listed, of one severity: a rule's is its listed problems' (main
 * lists the first of every rule); a rule with none listed (a job saved before it did) counts as an error.
 */
export function unlistedCounts(f: ImportJobFile, severity: Severity): [string, number][] {
  const listed = new Map<string, { n: number; severity: Severity }>();
  for (const p of f.problems)
    listed.set(p.rule, { n: (listed.get(p.rule)?.n ?? 0) + 1, severity: p.severity });
  return Object.entries(f.problemCounts)
    .filter(([rule]) => (listed.get(rule)?.severity ?? 'error') === severity)
    .map(([rule, count]): [string, number] => [rule, count - (listed.get(rule)?.n ?? 0)])
    .filter(([, more]) => more > 0);
}
