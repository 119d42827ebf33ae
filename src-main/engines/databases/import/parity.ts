import { parseSeriesId } from '../../../../src-shared/domain/series';
import { type OpenOptions, openCatalog, tsLimitsFromEnv } from '../../catalog/index';
import { fileWindows } from '../../export/windows';
import type { DbConnection } from '../connect/connection';
import { connectDb } from '../connect/open-db';
import type { SavedPassword } from '../connect/pgpass';
import type { DbImportPlan } from '../plan';
import { isProblem, RowReader } from '../rows';
import { parityAggregateQuery, rowsQuery } from '../sql';
import { tsvRowBatches } from '../tsv';
import { addBits, type CheckedFigures, MonthAdder, type MonthFigures, type Months } from './parity-months';

export type { MonthFigures } from './parity-months';

export interface ParityMonth {
  series: string;
  /** YYYY-MM, UTC. */
  month: string;
  db: MonthFigures | null;
  catalog: MonthFigures | null;
  same: boolean;
}

export interface ParityReport {
  series: { series: string; months: number; differing: number; dbRows: number; catalogRows: number }[];
  /** Every month where the two sides differ, in series then month order. */
  differences: ParityMonth[];
  /** Source rows the rules leave out (never imported, so not compared). */
  rowsLeftOut: number;
  ok: boolean;
  /** aggregate: one GROUP BY query on the database matched; rows: every row read through the rules. */
  method: 'aggregate' | 'rows';
}

/** Equal figures: bit sums always; the float sums only when both sides summed in time order (`rows`). */
function same(a: CheckedFigures | null, b: CheckedFigures | null, floatSums: boolean): boolean {
  return (
    !!a &&
    !!b &&
    a.rows === b.rows &&
    a.first === b.first &&
    a.last === b.last &&
    a.closeBits === b.closeBits &&
    a.volumeBits === b.volumeBits &&
    (!floatSums || (a.sumClose === b.sumClose && a.sumVolume === b.sumVolume))
  );
}

const shown = (f: CheckedFigures | null): MonthFigures | null =>
  f && { rows: f.rows, first: f.first, last: f.last, sumClose: f.sumClose, sumVolume: f.sumVolume };

/**
 * The database side in one GROUP BY query, or null when it cannot be compared that way: the plan's
 * times need the reader (see parityAggregateQuery) or a row names no valid series.
 */
async function aggregateMonths(
  conn: DbConnection,
  plan: DbImportPlan,
  signal?: AbortSignal,
): Promise<Months | null> {
  const sql = parityAggregateQuery(plan);
  if (!sql) return null;
  const reader = new RowReader(plan, tsLimitsFromEnv());
  const n = 'fixed' in plan.series ? 0 : plan.series.timeframeCol ? 3 : 2;
  const months: Months = new Map();
  for await (const rows of tsvRowBatches(conn.tsv(sql, signal)))
    for (const row of rows) {
      const found = reader.seriesOf([null, ...row.slice(0, n)]);
      if (typeof found === 'string') return null;
      const ym = row[n] as string;
      const month = `${ym.slice(0, -2)}-${ym.slice(-2)}`;
      const v = row.slice(n + 1).map((x) => x ?? '0');
      const f: CheckedFigures = {
        rows: Number(v[0]),
        first: Number(v[1]),
        last: Number(v[2]),
        sumClose: Number(v[3]),
        sumVolume: Number(v[4]),
        closeBits: BigInt.asUintN(64, BigInt(v[5] as string)),
        volumeBits: BigInt.asUintN(64, BigInt(v[6] as string)),
      };
      let s = months.get(found.id);
      if (!s) {
        s = new Map();
        months.set(found.id, s);
      }
      // Column values that normalise to one series (btc/usdt and BTC_USDT) add up.
      const had = s.get(month);
      s.set(
        month,
        had
          ? {
              rows: had.rows + f.rows,
              first: Math.min(had.first, f.first),
              last: Math.max(had.last, f.last),
              sumClose: had.sumClose + f.sumClose,
              sumVolume: had.sumVolume + f.sumVolume,
              closeBits: addBits(had.closeBits, f.closeBits),
              volumeBits: addBits(had.volumeBits, f.volumeBits),
            }
          : f,
      );
    }
  return months;
}

/** The database side row by row: every row the import would take (same reading, same rules). */
async function rowMonths(
  conn: DbConnection,
  plan: DbImportPlan,
  signal?: AbortSignal,
): Promise<{ months: Months; leftOut: number }> {
  const reader = new RowReader(plan, tsLimitsFromEnv());
  const adder = new MonthAdder();
  let leftOut = 0;
  for await (const rows of tsvRowBatches(conn.tsv(rowsQuery(plan, null), signal)))
    for (const row of rows) {
      const r = reader.read(row);
      if (isProblem(r)) leftOut++;
      else adder.add(r.series, r.ts, r.close, r.volume);
    }
  return { months: adder.finish(), leftOut };
}

/**
 * The catalog side for the database's series: one pass over each series' bars, from its first bar
 * to its last, a window at a time (a month below 5m bars, a year of a yearly partition from 5m up: a
 * file export's windows) and past the read cache, so memory holds one window whatever the length.
 */
async function catalogMonths(
  catalogDir: string,
  open: OpenOptions,
  series: Iterable<string>,
): Promise<Months> {
  const catalog = await openCatalog(catalogDir, open);
  const adder = new MonthAdder();
  try {
    const listed = new Map((await catalog.listSeries()).map((s) => [s.id, s]));
    for (const id of series) {
      const summary = listed.get(id);
      if (!summary || summary.first === null || summary.last === null) continue;
      const key = parseSeriesId(id);
      // From the first bar to just past the last: no read of the empty months before or after them.
      for (const window of fileWindows(summary.first, summary.last + 1, key.timeframe)) {
        const t = await catalog.query(key, window, { columns: ['ts', 'close', 'volume'], uncached: true });
        const ts = t.getChild('ts')?.toArray() as ArrayLike<number | bigint> | undefined;
        const close = t.getChild('close')?.toArray() as ArrayLike<number> | undefined;
        const volume = t.getChild('volume')?.toArray() as ArrayLike<number> | undefined;
        if (!ts || !close || !volume) continue;
        for (let i = 0; i < ts.length; i++)
          adder.add(id, Number(ts[i]), close[i] as number, volume[i] as number);
      }
    }
  } finally {
    await catalog.close();
  }
  return adder.finish();
}

function compare(db: Months, cat: Months, floatSums: boolean, leftOut: number): ParityReport {
  const report: ParityReport = {
    series: [],
    differences: [],
    rowsLeftOut: leftOut,
    ok: true,
    method: floatSums ? 'rows' : 'aggregate',
  };
  for (const series of [...db.keys()].sort()) {
    const d = db.get(series) ?? new Map<string, CheckedFigures>();
    const c = cat.get(series) ?? new Map<string, CheckedFigures>();
    const all = [...new Set([...d.keys(), ...c.keys()])].sort();
    let differing = 0;
    let dbRows = 0;
    let catalogRows = 0;
    for (const month of all) {
      const a = d.get(month) ?? null;
      const b = c.get(month) ?? null;
      dbRows += a?.rows ?? 0;
      catalogRows += b?.rows ?? 0;
      if (!same(a, b, floatSums)) {
        differing++;
        report.differences.push({ series, month, db: shown(a), catalog: shown(b), same: false });
      }
    }
    report.series.push({ series, months: all.length, differing, dbRows, catalogRows });
  }
  report.ok = report.differences.length === 0;
  return report;
}

/**
 * Compares the database and the catalog per series and month: rows, first/last time, sums of close
 * and volume (and their bit sums). First one aggregate query on the database; when it matches the
 * catalog bit for bit the check is done. Otherwise (rows the rules leave out, a real difference, or
 * times only the reader can place) every row is read through the rules, and that report is the one given.
 */
export async function parityCheck(
  plan: DbImportPlan,
  catalogDir: string,
  open: OpenOptions,
  signal?: AbortSignal,
  password?: SavedPassword,
): Promise<ParityReport> {
  const conn = await connectDb(plan.target, password);
  try {
    const agg = await aggregateMonths(conn, plan, signal);
    if (agg) {
      const report = compare(agg, await catalogMonths(catalogDir, open, agg.keys()), false, 0);
      if (report.ok) return report;
    }
    const { months, leftOut } = await rowMonths(conn, plan, signal);
    return compare(months, await catalogMonths(catalogDir, open, months.keys()), true, leftOut);
  } finally {
    await conn.close();
  }
}
