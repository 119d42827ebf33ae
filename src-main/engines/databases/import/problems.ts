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

  /** Takes in another log's counts and listed problems (a later block of rows), as if added one by one. */
  merge(other: { first: readonly DbRowProblem[]; byRule: Partial<Record<DbRowRule, number>> }): void {
    for (const [rule, n] of Object.entries(other.byRule)) {
      this.byRule[rule as DbRowRule] = (this.byRule[rule as DbRowRule] ?? 0) + n;
      this.total += n;
    }
    for (const p of other.first) if (this.first.length < this.keep) this.first.push(p);
  }
}
