import { existsSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import type { Bar } from '../../../src-shared/domain/bar';
import { runCliCaptured } from '../../helpers/run-cli';
import { fileTempDir } from '../catalog/helpers';

const { dir, catalogDir: cat } = fileTempDir('barcat-sql-');
const sql = (...args: string[]) => runCliCaptured(['sql', ...args, '--catalog', cat], { env: {} });

const minutes = (t0: string, n: number, base: number): Bar[] =>
  Array.from({ length: n }, (_, i) => ({
    ts: Date.parse(t0) + i * 60_000,
    open: base + i,
    high: base + i + 1,
    low: base + i - 1,
    close: base + i + 0.5,
    volume: i + 1,
  }));

/** DuckDB's own answer over the raw partition files (hive columns from the folder names). */
async function duckOverFiles(query: string): Promise<unknown> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const files = `read_parquet('${cat}/bars/**/*.parquet', hive_partitioning = true, union_by_name = true)`;
  const r = await c.runAndReadAll(query.replaceAll('FROM bars', `FROM ${files}`));
  const rows = r.getRowObjectsJson();
  c.closeSync();
  inst.closeSync();
  return rows;
}

describe('barcat sql', () => {
  beforeAll(async () => {
    const catalog = await openCatalog(cat, { create: true });
    // Two months for one series (two partition files), one day for the other.
    await catalog.write(
      { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
      batchFromBars(minutes('2024-01-31T23:00:00Z', 120, 40000)),
      'merge',
    );
    await catalog.write(
      { venue: 'KRAKEN', symbol: 'ETHEUR', timeframe: '1m' },
      batchFromBars(minutes('2024-02-10T00:00:00Z', 30, 2000)),
      'merge',
    );
    await catalog.close();
  });

  it('answers over the bars view exactly as DuckDB does over the raw partition files', async () => {
    const q =
      'SELECT venue, symbol, count(*) AS n, sum(close) AS s, sum(volume) AS v, min(ts) AS first, max(ts) AS last FROM bars GROUP BY venue, symbol ORDER BY venue, symbol';
    const r = await sql(q, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ours = JSON.parse(r.stdout);
    expect(ours).toEqual(await duckOverFiles(q));
    expect(ours.map((x: { n: unknown }) => x.n)).toEqual(['120', '30']);
  });

  it('has one view per series, named by its id, and prints a table or CSV', async () => {
    const r = await sql('SELECT count(*) AS n, max(close) AS top FROM "KRAKEN:ETHEUR:1m"');
    expect(r.stdout).toBe('n      top\n30  2029.5\n');
    const csv = await sql(
      "SELECT symbol, close FROM bars WHERE symbol = 'ETHEUR' ORDER BY ts LIMIT 2",
      '--format',
      'csv',
    );
    expect(csv.stdout).toBe('symbol,close\nETHEUR,2000.5\nETHEUR,2001.5\n');
  });

  it('writes Parquet that DuckDB reads back', async () => {
    const out = path.join(dir, 'out.parquet');
    const r = await sql(
      'SELECT venue, symbol, ts, close FROM bars ORDER BY venue, ts',
      '--format',
      'parquet',
      '--out',
      out,
    );
    expect(r.stdout).toBe(`wrote ${out}\n`);
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    const back = await c.runAndReadAll(`SELECT count(*)::INT AS n, sum(close) AS s FROM '${out}'`);
    expect(back.getRowObjectsJson()).toEqual([
      { n: 150, s: 120 * 40000 + (119 * 120) / 2 + 60 + 30 * 2000 + (29 * 30) / 2 + 15 },
    ]);
    c.closeSync();
    inst.closeSync();
  });

  it('refuses writes and reads outside the catalog', async () => {
    for (const q of ['CREATE TABLE t AS SELECT 1', `COPY (SELECT 1) TO '${cat}/x.csv'`, 'DROP VIEW bars']) {
      const r = await sql(q);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'barcat sql is read-only: only SELECT (and EXPLAIN) statements run over the catalog',
      );
    }
    expect(existsSync(path.join(cat, 'x.csv'))).toBe(false);
    const outside = await sql("SELECT * FROM read_csv('/etc/passwd')");
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toContain('Permission Error');
  });
});
