import type { ParityReport } from './parity';
import type { DbImportResult } from './run-import';

/** What a migration did, one line each: the summary, the rules broken, the first rows left out by key. */
export function importReportLines(r: DbImportResult): string[] {
  const out: string[] = [];
  if (r.resumedAfter) out.push(`resumed after key ${r.resumedAfter.join(' ')}`);
  const w = r.written;
  if (r.outcome === 'rejected')
    out.push(
      `rejected: ${r.problems.total} of ${r.rowsRead} rows break a rule; nothing written (--on-error skip leaves them out)`,
    );
  else
    out.push(
      `${r.rowsRead} rows read into ${r.series.length} series: added ${w.added}, replaced ${w.replaced}, removed ${w.removed}, skipped ${w.skipped} (existing won); ${r.problems.total} rows left out`,
    );
  if (r.nullTimes > 0) out.push(`${r.nullTimes} rows have no time (NULL) and were not read`);
  for (const [rule, n] of Object.entries(r.problems.byRule)) out.push(`  ${rule}: ${n}`);
  for (const p of r.problems.first) out.push(`  ${p.key} ${p.column}: ${p.what} (${p.rule})`);
  if (r.problems.total > r.problems.first.length)
    out.push(`  ... and ${r.problems.total - r.problems.first.length} more`);
  return out;
}

/** The parity verdict in one line, naming every month that differs. */
export function parityLine(p: ParityReport): string {
  if (p.ok) return 'parity OK';
  return `parity FAILED in ${p.differences.length} months: ${p.differences.map((d) => `${d.series} ${d.month}`).join(', ')}`;
}
