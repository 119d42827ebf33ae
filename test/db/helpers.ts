import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openCatalog, tableToBars } from '../../src-main/engines/catalog/index';
import { type DbImportRequest, describeAndPlan, planInputOf } from '../../src-main/engines/databases/index';
import type { Bar } from '../../src-shared/domain/bar';
import { parseSeriesId } from '../../src-shared/domain/series';
import { type CliRun, runCliCaptured } from '../helpers/run-cli';

export const CLI = path.resolve(import.meta.dirname, '../../out/node/barcat.js');

/** Runs SQL on the run's private PostgreSQL (a fresh connection each call). */
export async function pgSql(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** `barcat ARGS` in this process, with a clean environment. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCliCaptured(args, { env });
}

/** Every bar of a series in the catalog (empty when the series is missing). */
export async function catalogBars(dir: string, series: string): Promise<Bar[]> {
  const catalog = await openCatalog(dir, { create: false });
  try {
    return tableToBars(await catalog.query(parseSeriesId(series), undefined));
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return [];
    throw err;
  } finally {
    await catalog.close();
  }
}

export interface Row {
  venue: string;
  symbol: string;
  ts: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
}

/** Creates a market_data-style table and inserts the rows into it. */
export async function barsTable(table: string, rows: readonly Row[]): Promise<void> {
  await pgSql(
    `CREATE TABLE ${table} (venue text, symbol text, ts timestamptz, open float8, high float8, low float8, close float8, volume float8)`,
  );
  await insertRows(table, rows);
}

/** `barcat import-db URL` of a market_data-style table as 1m series named by its venue and symbol columns into `dir`. */
export function importMinutesArgs(url: string, table: string, dir: string, ...more: string[]): string[] {
  return [
    'import-db',
    url,
    '--table',
    table,
    '--series-from',
    'venue,symbol',
    '--timeframe',
    '1m',
    '--catalog',
    dir,
    ...more,
  ];
}

/**
 * The migration of a market_data-style table as 1m series named by its venue and symbol columns into a
 * new catalog at `dir` (bars it already holds kept, bad rows left out unless `more` says otherwise).
 */
export async function minutesMigration(
  table: string,
  dir: string,
  more: Partial<DbImportRequest> & Pick<DbImportRequest, 'chunkRows'>,
): Promise<DbImportRequest> {
  const plan = await describeAndPlan(
    planInputOf({ url: inject('pgUrl'), table, seriesFrom: ['venue', 'symbol'], timeframe: '1m' }),
  );
  return { plan, catalogDir: dir, open: { create: true }, mode: 'skip', onError: 'skip', ...more };
}

/** Inserts rows into a market_data-style table (venue, symbol, ts, open, high, low, close, volume). */
export async function insertRows(table: string, rows: readonly Row[]): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  try {
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      const vals: unknown[] = [];
      const tuples = part.map((r, j) => {
        vals.push(r.venue, r.symbol, r.ts, r.open, r.high, r.low, r.close, r.volume);
        const b = j * 8;
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8})`;
      });
      await client.query(
        `INSERT INTO ${table} (venue, symbol, ts, open, high, low, close, volume) VALUES ${tuples.join(',')}`,
        vals,
      );
    }
  } finally {
    await client.end();
  }
}

/** Minute rows of one symbol from `start` (ISO, UTC), values derived from the index so each is distinct. */
export function minuteRows(venue: string, symbol: string, start: string, n: number, base = 100): Row[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) => {
    const open = base + (i % 50) / 4;
    const close = open + ((i % 7) - 3) / 8;
    return {
      venue,
      symbol,
      ts: new Date(t0 + i * 60_000).toISOString(),
      open,
      high: Math.max(open, close) + 0.5,
      low: Math.min(open, close) - 0.5,
      close,
      volume: 10 + (i % 13),
    };
  });
}

/** The bars a list of rows should become. */
export function barsOf(rows: readonly Row[]): Bar[] {
  return rows.map((r) => ({
    ts: Date.parse(r.ts),
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume ?? Number.NaN,
  }));
}

/** Rows read so far by the one migration whose watermark the catalog holds (db-imports/). */
export function watermarkRows(dir: string): number {
  const d = path.join(dir, 'db-imports');
  const [file] = readdirSync(d);
  return JSON.parse(readFileSync(path.join(d, file as string), 'utf8')).rows;
}
