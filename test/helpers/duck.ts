import { DuckDBInstance } from '@duckdb/node-api';

/** The rows DuckDB (in memory, time zone UTC) answers to `sql`: the tests' independent reader of written Parquet. */
export async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
  }
}
