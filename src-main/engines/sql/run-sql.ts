import { BarcatError } from '../../plumbing/errors';
import type { Catalog } from '../catalog/index';
import { catalogViewSql } from './catalog-views';

export interface SqlAnswer {
  columns: string[];
  /** JSON-safe values (DuckDB's own conversion: big integers and decimals as text). */
  rows: (string | number | boolean | null)[][];
}

type DuckDb = typeof import('@duckdb/node-api');

/** @duckdb/node-api is optional (a native package): loaded on first use, with a clear word when absent. */
async function loadDuckDb(): Promise<DuckDb> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new BarcatError(
      'BAD_INPUT',
      'barcat sql needs the optional package @duckdb/node-api, which is not installed; install it with: npm install @duckdb/node-api',
      { reason: 'duckdb_missing' },
    );
  }
}

// SELECT and EXPLAIN only (DuckDB's StatementType): everything else could write.
const READ_ONLY = new Set([1, 4]);

/**
 * Runs one read-only statement over the catalog's views. The statement type is checked before it
 * runs, and DuckDB itself may only read inside the catalog (plus `parquetOut`, written by us).
 */
export async function runSql(
  catalog: Catalog,
  sql: string,
  opts: { parquetOut?: string } = {},
): Promise<SqlAnswer | { wrote: string }> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    for (const v of await catalogViewSql(catalog)) await conn.run(v);
    const allowed = [`'${catalog.dir.replaceAll("'", "''")}/'`];
    await conn.run(`SET allowed_directories = [${allowed.join(', ')}]`);
    if (opts.parquetOut) await conn.run(`SET allowed_paths = ['${opts.parquetOut.replaceAll("'", "''")}']`);
    await conn.run('SET enable_external_access = false');
    await conn.run('SET lock_configuration = true');
    const extracted = await conn.extractStatements(sql).catch((err: Error) => {
      throw new BarcatError('BAD_INPUT', `SQL: ${err.message}`);
    });
    if (extracted.count !== 1)
      throw new BarcatError('USAGE', `give one SQL statement (got ${extracted.count})`);
    const prepared = await extracted.prepare(0).catch((err: Error) => {
      throw new BarcatError('BAD_INPUT', `SQL: ${err.message}`);
    });
    if (!READ_ONLY.has(prepared.statementType))
      throw new BarcatError(
        'USAGE',
        'barcat sql is read-only: only SELECT (and EXPLAIN) statements run over the catalog',
        {
          reason: 'sql_not_read_only',
        },
      );
    if (opts.parquetOut) {
      const body = sql.trim().replace(/;\s*$/, '');
      await conn.run(`COPY (${body}) TO '${opts.parquetOut.replaceAll("'", "''")}' (FORMAT parquet)`);
      return { wrote: opts.parquetOut };
    }
    const reader = await prepared.runAndReadAll();
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as SqlAnswer['rows'] };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
