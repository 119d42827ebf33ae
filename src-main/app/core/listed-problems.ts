import type { ImportJobFile } from '../../../src-shared/contract';
import type { ImportProblem } from '../../../src-shared/domain/import';

/** A file's first problems for the dialog, up to the room the job has left: codes and where, no words. */
export function listedProblems(problems: readonly ImportProblem[], room: number): ImportJobFile['problems'] {
  return problems.slice(0, Math.max(0, room)).map(({ line, column, value, rule, severity }) => ({
    line,
    column,
    value,
    rule,
    severity,
  }));
}
