import { describe, expect, it } from 'vitest';
import { listedProblems } from '../../../../src-main/app/core/listed-problems';
import { ProblemLog } from '../../../../src-main/engines/import/parse/problems';
import { mergeProblems } from '../../../../src-main/engines/import/session/merge-problems';
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
    // Past both 100s, a rule not kept yet still keeps its first (the dialog files its count by it).
    log.add(151, null, '2024-07-01', 'duplicate_conflict', 'two rows share this time');
    log.add(152, null, '2024-07-02', 'duplicate_conflict', 'two rows share this time');
    log.add(null, null, null, 'duplicate_identical', '1 identical duplicate row was collapsed', 'note');
    const shown = (severity: 'error' | 'note') => log.full.filter((p) => p.severity === severity);
    expect(shown('error').map((p) => p.line)).toEqual([...lines(1, 100), 151]);
    expect(shown('note').map((p) => p.rule)).toEqual([
      'unsorted',
      ...Array(99).fill('spacing'),
      'duplicate_identical',
    ]);
    expect(log.raw).toHaveLength(202);
    expect(log.counts).toEqual({
      bad_number: 150,
      unsorted: 1,
      spacing: 120,
      duplicate_conflict: 2,
      duplicate_identical: 1,
    });
    expect(log.errors).toBe(152);
  });

  it("lists the first of each rule past the job's room, so its count is filed by its severity", () => {
    const problem = (rule: string, severity: 'error' | 'note', line: number | null) => ({
      file: 'a.csv',
      line,
      column: null,
      value: null,
      rule,
      message: rule,
      severity,
    });
    const problems = [
      ...lines(1, 5).map((l) => problem('bad_number', 'error', l)),
      problem('off_grid', 'error', 6),
      problem('off_grid', 'error', 7),
      problem('unsorted', 'note', null),
    ];
    expect(listedProblems(problems, 3).map((p) => [p.rule, p.severity, p.line])).toEqual([
      ['bad_number', 'error', 1],
      ['bad_number', 'error', 2],
      ['bad_number', 'error', 3],
      ['off_grid', 'error', 6],
      ['unsorted', 'note', null],
    ]);
    expect(listedProblems(problems, 0).map((p) => p.rule)).toEqual(['bad_number', 'off_grid', 'unsorted']);
    // The job's room can be spent already (negative): still the first of each rule.
    expect(listedProblems(problems, -5).map((p) => p.rule)).toEqual(['bad_number', 'off_grid', 'unsorted']);
  });

  it('merges the ranges of a streamed file to the problems a plain read keeps', () => {
    const plain = new ProblemLog('a.csv');
    for (const line of lines(1, 150)) plain.add(line, 'high', 'x', 'bad_number', 'not a number');
    plain.add(155, null, '2024-07-01', 'off_grid', 'off the grid');
    const first = new ProblemLog('a.csv');
    for (const line of lines(1, 75)) first.add(line, 'high', 'x', 'bad_number', 'not a number');
    const second = new ProblemLog('a.csv');
    for (const line of lines(1, 75)) second.add(line, 'high', 'x', 'bad_number', 'not a number');
    second.add(80, null, '2024-07-01', 'off_grid', 'off the grid');
    const source = (log: ProblemLog, lineOffset: number) => ({
      problems: log.raw,
      problemCounts: log.counts,
      errors: log.errors,
      lineOffset,
    });
    const merged = mergeProblems('a.csv', [source(first, 0), source(second, 75)]);
    expect(merged.full.map((p) => [p.rule, p.line])).toEqual([
      ...lines(1, 100).map((l) => ['bad_number', l]),
      ['off_grid', 155],
    ]);
    expect(merged.full).toEqual(plain.full);
    expect([merged.counts, merged.errors]).toEqual([{ bad_number: 150, off_grid: 1 }, 151]);
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
    // Notes have their own 100: with 99 kept, one more is listed and the rest only counted.
    noteOutOfSession(result, 'xnys', [T0 + 7_200_000, T0 + 10_800_000], 2);
    noteOutOfSession(
      result,
      'xnys',
      lines(0, 95).map((i) => T0 + (4 + i) * 3_600_000),
      95,
    );
    noteOutOfSession(result, 'xnys', [T0 + 200 * 3_600_000, T0 + 201 * 3_600_000], 2);
    expect(result.problems.filter((p) => p.severity === 'note')).toHaveLength(100);
    expect(result.problems.at(-1)?.value).toBe(new Date(T0 + 200 * 3_600_000).toISOString());
    expect(result.problemCounts).toEqual({ bad_number: 150, out_of_session: 101 });
  });
});
