import { describe, expect, it } from 'vitest';
import {
  fileOutcome,
  problemLine,
  unlistedCounts,
} from '../../../src-renderer/features/import/problem-words';
import { jobFile } from './helpers';

const file = jobFile;

describe('import problems in words', () => {
  it('words each outcome without command-line flags', () => {
    expect(fileOutcome(file({ rowsAdded: 5, rowsReplaced: 643, rowsRemoved: 72, rowsInvalid: 2 }))).toBe(
      '5 added, 643 replaced, 72 removed, 2 bad rows left out',
    );
    expect(fileOutcome(file({ status: 'rejected', rowsInvalid: 1 }))).toBe(
      'not imported: 1 bad row. Fix them, or choose "skip bad rows" to import the rest.',
    );
    expect(fileOutcome(file({ status: 'unchanged' }))).toBe(
      'imported before with the same settings; left as it was. Choose "import again" to write it with the chosen mode.',
    );
  });

  it('words a problem from its rule and fields, and counts those not listed', () => {
    const p = { line: 7, column: 'high', value: 'x', rule: 'bad_number', severity: 'error' as const };
    expect(problemLine('a.csv', p)).toBe('a.csv line 7, column high: not a number ("x")');
    expect(
      problemLine('a.csv', { line: null, column: null, value: null, rule: 'unsorted', severity: 'note' }),
    ).toBe('a.csv: the rows were not in time order; they were sorted');
    expect(
      unlistedCounts(file({ problems: [p, p], problemCounts: { bad_number: 150, unsorted: 0 } }), 'error'),
    ).toEqual([['bad_number', 148]]);
    // A note rule's unlisted count is a note, never a rejection; a rule with nothing listed counts as an error.
    const note = { line: null, column: null, value: null, rule: 'out_of_session', severity: 'note' as const };
    const f = file({
      problems: [p, note],
      problemCounts: { bad_number: 1, out_of_session: 250, spacing_x: 3 },
    });
    expect(unlistedCounts(f, 'note')).toEqual([['out_of_session', 249]]);
    expect(unlistedCounts(f, 'error')).toEqual([['spacing_x', 3]]);
  });
});
