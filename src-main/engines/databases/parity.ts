import { parseSeriesId } from '../../../src-shared/domain/series';
import { type OpenOptions, openCatalog, tsLimitsFromEnv } from '../catalog/index';
import { connectDb } from './open-db';
import type { DbImportPlan } from './plan';
import { isProblem, RowReader } from './rows';
import { rowsQuery } from './sql';
import { tsvRows } from './tsv';

/** One side's figures for one series and month (UTC). Sums run in time order on both sides, so equal bars give equal sums. */
export interface MonthFigures {
  rows: number;
  first: number;
  last: number;
  sumClose: number;
  sumVolume: number;
}

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
}

type Months = Map<string, Map<string, MonthFigures>>;

function monthOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 7);
}

function add(months: Months, series: string, ts: number, close: number, volume: number): void {
  let s = months.get(series);
  if (!s) {
    s = new Map();
    months.set(series, s);
  }
  const m = monthOf(ts);
  const f = s.get(m);
  const v = Number.isNaN(volume) ? 0 : volume;
  if (!f) s.set(m, { rows: 1, first: ts, last: ts, sumClose: close, sumVolume: v });
  else {
    f.rows++;
    f.first = Math.min(f.first, ts);
    f.last = Math.max(f.last, ts);
    f.sumClose += close;
    f.sumVolume += v;
  }
}

const sameFigures = (a: MonthFigures | null, b: MonthFigures | null) =>
  !!a &&
  !!b &&
  a.rows === b.rows &&
  a.first === b.first &&
  a.last === b.last &&
  a.sumClose === b.sumClose &&
  a.sumVolume === b.sumVolume;

/** The database side: every row the import would take (same reading, same rules), per series and month. */
async function databaseMonths(
  plan: DbImportPlan,
  signal?: AbortSignal,
): Promise<{ months: Months; leftOut: number }> {
  const conn = await connectDb(plan.target);
  const months: Months = new Map();
  let leftOut = 0;
  try {
    const reader = new RowReader(plan, tsLimitsFromEnv());
    for await (const row of tsvRows(conn.tsv(rowsQuery(plan, null), signal))) {
      const r = reader.read(row);
      if (isProblem(r)) leftOut++;
      else add(months, r.series, r.ts, r.close, r.volume);
    }
  } finally {
    await conn.close();
  }
  return { months, leftOut };
}

/** The catalog side for the database's series, a year at a time over the span either side covers. */
async function catalogMonths(catalogDir: string, open: OpenOptions, dbMonths: Months): Promise<Months> {
  const catalog = await openCatalog(catalogDir, open);
  const months: Months = new Map();
  try {
    const listed = new Map((await catalog.listSeries()).map((s) => [s.id, s]));
    for (const [series, dbm] of dbMonths) {
      const summary = listed.get(series);
      if (!summary || summary.first === null || summary.last === null) continue;
      const keys = [...dbm.keys()];
      const fromYear = Math.min(new Date(summary.first).getUTCFullYear(), Number(keys[0]?.slice(0, 4)));
      const toYear = Math.max(new Date(summary.last).getUTCFullYear(), Number(keys.at(-1)?.slice(0, 4)));
      const key = parseSeriesId(series);
      for (let y = fromYear; y <= toYear; y++) {
        const t = await catalog.query(
          key,
          { from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1) },
          { columns: ['ts', 'close', 'volume'] },
        );
        const ts = t.getChild('ts')?.toArray() as ArrayLike<number | bigint> | undefined;
        const close = t.getChild('close')?.toArray() as ArrayLike<number> | undefined;
        const volume = t.getChild('volume')?.toArray() as ArrayLike<number> | undefined;
        if (!ts || !close || !volume) continue;
        for (let i = 0; i < ts.length; i++)
          add(months, series, Number(ts[i]), close[i] as number, volume[i] as number);
      }
    }
  } finally {
    await catalog.close();
  }
  return months;
}

/** Compares the database and the catalog per series and month: rows, first/last time, sums of close and volume. */
export async function parityCheck(
  plan: DbImportPlan,
  catalogDir: string,
  open: OpenOptions,
  signal?: AbortSignal,
): Promise<ParityReport> {
  const { months: db, leftOut } = await databaseMonths(plan, signal);
  const cat = await catalogMonths(catalogDir, open, db);
  const report: ParityReport = { series: [], differences: [], rowsLeftOut: leftOut, ok: true };
  for (const series of [...db.keys()].sort()) {
    const d = db.get(series) ?? new Map<string, MonthFigures>();
    const c = cat.get(series) ?? new Map<string, MonthFigures>();
    const all = [...new Set([...d.keys(), ...c.keys()])].sort();
    let differing = 0;
    let dbRows = 0;
    let catalogRows = 0;
    for (const month of all) {
      const a = d.get(month) ?? null;
      const b = c.get(month) ?? null;
      dbRows += a?.rows ?? 0;
      catalogRows += b?.rows ?? 0;
      if (!sameFigures(a, b)) {
        differing++;
        report.differences.push({ series, month, db: a, catalog: b, same: false });
      }
    }
    report.series.push({ series, months: all.length, differing, dbRows, catalogRows });
  }
  report.ok = report.differences.length === 0;
  return report;
}
