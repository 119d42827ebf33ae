import type { ImportJobFile } from '../../../src-shared/contract';
import type { ImportProblem } from '../../../src-shared/domain/import';

/**
 * A file's first problems for the dialog, up to the room the job has left, and past it the first of
 * each rule not listed yet (the dialog files a rule's count by its severity): codes and where, no words.
 */
export function listedProblems(problems: readonly ImportProblem[], room: number): ImportJobFile['problems'] {
  const listed = problems.slice(0, Math.max(0, room));
  const rules = new Set(listed.map((p) => p.rule));
  for (const p of problems.slice(listed.length))
    if (!rules.has(p.rule)) {
      rules.add(p.rule);
      listed.push(p);
    }
  return listed.map(({ line, column, value, rule, severity }) => ({
    line,
    column,
    value,
    rule,
    severity,
  }));
}
