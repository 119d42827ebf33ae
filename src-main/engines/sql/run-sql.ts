import { BarcatError } from '../../plumbing/errors';
import type { Catalog } from '../catalog/index';
import { catalogViewSql } from './catalog-views';

export interface SqlAnswer {
  columns: string[];
  /** JSON-safe values (DuckDB's own conversion: big integers and decimals as text). */
  rows: (string | number | boolean | null)[][];
  /** More rows than `maxRows` exist; only the first maxRows are here. */
  truncated: boolean;
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

type Prepared = Awaited<
  ReturnType<Awaited<ReturnType<import('@duckdb/node-api').DuckDBConnection['extractStatements']>>['prepare']>
>;

/**
 * Opens DuckDB on the catalog's views, checks `sql` is one read-only statement and hands it to `use`.
 * DuckDB itself may only read inside the catalog (plus `writable`, a file we write).
 */
async function withReadOnlyStatement<T>(
  catalog: Catalog,
  sql: string,
  writable: string | undefined,
  use: (prepared: Prepared, run: (q: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const quote = (p: string) => `'${p.replaceAll("'", "''")}'`;
  try {
    for (const v of await catalogViewSql(catalog)) await conn.run(v);
    await conn.run(`SET allowed_directories = [${quote(`${catalog.dir}/`)}]`);
    if (writable) await conn.run(`SET allowed_paths = [${quote(writable)}]`);
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
        { reason: 'sql_not_read_only' },
      );
    return await use(prepared, (q) => conn.run(q));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Runs one read-only statement over the catalog's views; with maxRows DuckDB stops reading past them. */
export function runSql(catalog: Catalog, sql: string, opts: { maxRows?: number } = {}): Promise<SqlAnswer> {
  return withReadOnlyStatement(catalog, sql, undefined, async (prepared) => {
    const max = opts.maxRows;
    const reader =
      max === undefined ? await prepared.runAndReadAll() : await prepared.runAndReadUntil(max + 1);
    const rows = reader.getRowsJson() as SqlAnswer['rows'];
    const truncated = max !== undefined && rows.length > max;
    return { columns: reader.columnNames(), rows: truncated ? rows.slice(0, max) : rows, truncated };
  });
}

/** Writes the answer of one read-only statement to a Parquet file (DuckDB's COPY, the only path it may write). */
export function writeSqlParquet(catalog: Catalog, sql: string, out: string): Promise<void> {
  return withReadOnlyStatement(catalog, sql, out, async (_prepared, run) => {
    await run(`COPY (${sql.trim().replace(/;\s*$/, '')}) TO '${out.replaceAll("'", "''")}' (FORMAT parquet)`);
  });
}
