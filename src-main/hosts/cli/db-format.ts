import type { DbImportResult, ParityReport } from '../../engines/databases/index';
import type { MonthFigures } from '../../engines/databases/parity';
import { isoTime, textTable } from './io/format';

export function formatDbImport(r: DbImportResult): string {
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
  return `${out.join('\n')}\n`;
}

const figures = (f: MonthFigures | null) =>
  f
    ? [f.rows, isoTime(f.first), isoTime(f.last), String(f.sumClose), String(f.sumVolume)]
    : [0, '-', '-', '-', '-'];

export function formatParity(p: ParityReport): string {
  let out = `parity (database vs catalog, per series and month):\n${textTable(
    ['series', 'months', 'differing', 'db rows', 'catalog rows'],
    p.series.map((s) => [s.series, s.months, s.differing, s.dbRows, s.catalogRows]),
  )}`;
  if (p.rowsLeftOut > 0) out += `${p.rowsLeftOut} database rows break a rule and are not compared\n`;
  if (p.differences.length > 0) {
    out += `months that differ:\n${textTable(
      ['series', 'month', 'side', 'rows', 'first', 'last', 'sum close', 'sum volume'],
      p.differences.flatMap((d) => [
        [d.series, d.month, 'db', ...figures(d.db)],
        ['', '', 'catalog', ...figures(d.catalog)],
      ]),
    )}`;
    const months = p.differences.map((d) => `${d.series} ${d.month}`).join(', ');
    out += `parity FAILED in ${p.differences.length} months: ${months}\n`;
  } else out += 'parity OK\n';
  return out;
}
