import { describe, expect, it } from 'vitest';
import { ProblemLog } from '../../../../src-main/engines/import/parse/problems';
import { noteOutOfSession } from '../../../../src-main/engines/import/session/session-check';
import { ImportFileResultSchema } from '../../../../src-shared/domain/import';

const T0 = Date.UTC(2024, 6, 1, 20);
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

// A file's notes come after its rows' errors: with more than 100 bad rows they must still be listed.
describe('a file with more than 100 bad rows', () => {
  it('keeps its first 100 errors and its notes in full, notes up to their own 100, and counts every one', () => {
    const log = new ProblemLog('a.csv');
    for (const line of lines(1, 150)) log.add(line, 'high', 'x', 'bad_number', 'not a number');
    log.add(null, null, null, 'unsorted', 'rows are newest first; they were sorted', 'note');
    for (const i of lines(0, 120)) log.add(null, null, `t${i}`, 'spacing', 'the spacing differs', 'note');
    const shown = (severity: 'error' | 'note') => log.full.filter((p) => p.severity === severity);
    expect(shown('error').map((p) => p.line)).toEqual(lines(1, 100));
    expect(shown('note').map((p) => p.rule)).toEqual(['unsorted', ...Array(99).fill('spacing')]);
    expect(log.raw).toHaveLength(200);
    expect(log.counts).toEqual({ bad_number: 150, unsorted: 1, spacing: 120 });
    expect(log.errors).toBe(150);
  });

  it('still lists its out-of-session bars as notes', () => {
    const result = ImportFileResultSchema.parse({
      file: '/x/a.csv',
      series: 'NYSE:IBM:1h',
      status: 'imported',
      rowsRead: 0,
      rowsWritten: 0,
      rowsSkipped: 0,
      rowsInvalid: 150,
      firstBar: null,
      lastBar: null,
      bytes: 0,
      ms: 0,
      problems: lines(1, 100).map((line) => ({
        file: '/x/a.csv',
        line,
        column: 'high',
        value: 'x',
        rule: 'bad_number',
        message: 'not a number',
      })),
      problemCounts: { bad_number: 150 },
      message: null,
    });
    noteOutOfSession(result, 'xnys', [T0, T0 + 3_600_000], 2);
    expect(result.problems.filter((p) => p.severity === 'note').map((p) => [p.rule, p.value])).toEqual([
      ['out_of_session', '2024-07-01T20:00:00.000Z'],
      ['out_of_session', '2024-07-01T21:00:00.000Z'],
    ]);
    expect(result.problemCounts).toEqual({ bad_number: 150, out_of_session: 2 });
  });
});
