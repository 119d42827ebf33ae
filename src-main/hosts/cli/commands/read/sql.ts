import type { Command } from '../../command';
import { withReadCatalog } from '../../io/open';
import { stringOptions } from '../../io/option-groups';

const FORMATS = ['table', 'csv', 'json', 'parquet'] as const;

const csvCell = (v: unknown) => {
  const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'Query the catalog with SQL (DuckDB, read-only): views `bars` and one per series',
  usage: 'sql "SELECT ..." [--format table|csv|json|parquet] [--out FILE (parquet)]',
  options: stringOptions('format', 'out'),
  async run({ values, positionals, catalogDir, json, io }) {
    const path = await import('node:path');
    const { BarcatError } = await import('../../../../plumbing/errors');
    const format = (values.format ?? (json ? 'json' : 'table')) as string;
    if (!(FORMATS as readonly string[]).includes(format))
      throw new BarcatError('USAGE', `--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
    if (positionals.length !== 1)
      throw new BarcatError('USAGE', `give one SQL statement in quotes; usage: barcat ${sqlCommand.usage}`);
    if (format === 'parquet' && typeof values.out !== 'string')
      throw new BarcatError('USAGE', '--format parquet writes a file: give it with --out FILE');
    const { runSql, writeSqlParquet } = await import('../../../../engines/sql/index');
    return withReadCatalog(catalogDir, async (catalog) => {
      if (format === 'parquet') {
        const out = path.resolve(io.cwd, String(values.out));
        await writeSqlParquet(catalog, positionals[0] as string, out);
        io.stdout.write(`wrote ${out}\n`);
        return 0;
      }
      const r = await runSql(catalog, positionals[0] as string);
      if (format === 'json')
        io.stdout.write(
          `${JSON.stringify(r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i] ?? null]))))}\n`,
        );
      else if (format === 'csv')
        io.stdout.write([r.columns, ...r.rows].map((row) => `${row.map(csvCell).join(',')}\n`).join(''));
      else {
        const { textTable } = await import('../../io/format');
        io.stdout.write(
          textTable(
            r.columns,
            r.rows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'number' ? v : String(v)))),
          ),
        );
      }
      return 0;
    });
  },
};
