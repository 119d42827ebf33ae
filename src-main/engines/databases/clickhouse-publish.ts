import { BAR_BASE_COLUMNS } from '../../../src-shared/domain/bar';
import type { Interval } from '../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import { arrowToBatch, type BarBatch, type Catalog } from '../catalog/index';
import { clickhousePost } from './connect/ch-connection';
import { dialect } from './sql';
import { type DbTarget, targetLabel } from './target';

/**
 * The published table. ReplacingMergeTree keyed by (venue, symbol, timeframe, ts): a bar published
 * again replaces the earlier copy instead of adding a row, and the partitions a publish touched are
 * merged at once (OPTIMIZE ... FINAL), so the table reads the same with or without FINAL. Chosen over
 * delete-then-insert per partition, which leaves a partition empty if the publish dies in between.
 * ts is UInt64 ms (18.16 has no DateTime64); partitions are UTC months.
 */
function createSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (venue String, symbol String, timeframe String, ts UInt64, open Float64, high Float64, low Float64, close Float64, volume Float64) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000), 'UTC')) ORDER BY (venue, symbol, timeframe, ts)`;
}

/** What a table must have to take a publish: the series' key, then a bar's time and values (createSql's columns). */
const COLUMNS = ['venue', 'symbol', 'timeframe', ...BAR_BASE_COLUMNS];

export interface PublishResult {
  series: string;
  bars: number;
}

const BATCH_ROWS = 100_000;

/** A float as ClickHouse's TSV reads it: NaN (an absent volume) as nan. */
const f = (v: number) => (Number.isNaN(v) ? 'nan' : String(v));

/** One line per bar, its fields in COLUMNS' order (the INSERT names COLUMNS for them): keep the two in step. */
function tsvOf(key: SeriesKey, b: BarBatch, from: number, to: number): string {
  const head = `${key.venue}\t${key.symbol}\t${key.timeframe}\t`;
  let out = '';
  for (let i = from; i < to; i++)
    out += `${head}${b.ts[i]}\t${f(b.open[i] as number)}\t${f(b.high[i] as number)}\t${f(b.low[i] as number)}\t${f(b.close[i] as number)}\t${f(b.volume[i] as number)}\n`;
  return out;
}

async function run(t: DbTarget, sql: string, body?: string): Promise<string> {
  return (await clickhousePost(t, sql, undefined, body)).text();
}

/** Checks an existing table has the published columns, so a publish never writes into a foreign layout. */
async function checkColumns(t: DbTarget, table: string): Promise<void> {
  const text = await run(t, `SELECT * FROM ${table} LIMIT 0 FORMAT TSVWithNames`);
  const names = (text.split('\n')[0] ?? '').split('\t');
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0)
    throw new BarcatError(
      'BAD_INPUT',
      `${targetLabel(t)} table ${table} exists without the columns ${missing.join(', ')}; publish to a new table or one Barcat created`,
    );
}

/** Publishes series (optionally a range) from the catalog to a ClickHouse table, in batches, idempotently. */
export async function publishToClickHouse(
  catalog: Catalog,
  t: DbTarget,
  tableName: string,
  series: readonly SeriesKey[],
  range?: Interval,
): Promise<PublishResult[]> {
  const table = dialect('clickhouse').ident(tableName);
  await run(t, createSql(table));
  await checkColumns(t, table);
  const months = new Set<string>();
  const out: PublishResult[] = [];
  for (const key of series) {
    const b = arrowToBatch(await catalog.query(key, range));
    for (let i = 0; i < b.length; i += BATCH_ROWS) {
      const end = Math.min(b.length, i + BATCH_ROWS);
      await run(t, `INSERT INTO ${table} (${COLUMNS.join(', ')}) FORMAT TabSeparated`, tsvOf(key, b, i, end));
    }
    for (let i = 0; i < b.length; i++)
      months.add(new Date(b.ts[i] as number).toISOString().slice(0, 7).replace('-', ''));
    out.push({ series: seriesId(key), bars: b.length });
  }
  for (const m of [...months].sort()) await run(t, `OPTIMIZE TABLE ${table} PARTITION ${m} FINAL`);
  return out;
}
