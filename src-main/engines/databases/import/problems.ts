import type { DbRowProblem, DbRowRule } from '../rows';

/** Rows left out, kept as counts per rule plus the first few named by key (bounded memory). */
export class ProblemLog {
  readonly first: DbRowProblem[] = [];
  readonly byRule: Partial<Record<DbRowRule, number>> = {};
  total = 0;

  constructor(private readonly keep = 100) {}

  add(p: DbRowProblem): void {
    this.total++;
    this.byRule[p.rule] = (this.byRule[p.rule] ?? 0) + 1;
    if (this.first.length < this.keep) this.first.push(p);
  }
}
