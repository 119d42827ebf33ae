import type { MonthFigures } from '../../engines/databases/import/parity';
import {
  type DbImportResult,
  importReportLines,
  type ParityReport,
  parityLine,
} from '../../engines/databases/index';
import { isoTime, textTable } from './io/format';

export function formatDbImport(r: DbImportResult): string {
  return `${importReportLines(r).join('\n')}\n`;
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
  out +=
    p.method === 'aggregate'
      ? 'compared by one aggregate query on the database (counts, first/last, exact bit sums)\n'
      : 'compared row by row (every database row read through the import rules)\n';
  if (p.rowsLeftOut > 0) out += `${p.rowsLeftOut} database rows break a rule and are not compared\n`;
  if (p.differences.length > 0) {
    out += `months that differ:\n${textTable(
      ['series', 'month', 'side', 'rows', 'first', 'last', 'sum close', 'sum volume'],
      p.differences.flatMap((d) => [
        [d.series, d.month, 'db', ...figures(d.db)],
        ['', '', 'catalog', ...figures(d.catalog)],
      ]),
    )}`;
  }
  return `${out}${parityLine(p)}\n`;
}
