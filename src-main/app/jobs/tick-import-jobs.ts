import type { ImportFileRequest, ImportJobFile } from '../../../src-shared/contract';
import type { ConflictMode } from '../../../src-shared/domain/bar';
import type { ErrorPolicy } from '../../../src-shared/domain/import';
import {
  parseTickSeriesId,
  type TickCard,
  type TickCoverage,
  type TickPlan,
  type TickSeriesRow,
} from '../../../src-shared/domain/ticks';
import type { Catalog } from '../../engines/catalog/index';
import type { TickFileResult } from '../../engines/import/index';
import { BarcatError, toWireError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { listedProblems } from '../core/listed-problems';

/** What a tick file's card holds: its plan (null when the choices do not make one) and why not. */
export interface TickPreview {
  card: TickCard | null;
  plan: TickPlan | null;
  error: string | null;
}

const loadTicks = () => import('../../engines/import/index');

/**
 * A tick file's preview, or null when the file is no tick file (the bar preview takes it). The
 * file is recognised with the ticks kept; the card's choices then plan it as the CLI does.
 */
export async function previewTicks(
  f: ImportFileRequest,
  file: string,
  name: string,
): Promise<TickPreview | null> {
  const engine = await loadTicks();
  const o = f.overrides;
  const named = { venue: o?.venue, symbol: o?.symbol, tz: o?.tz };
  const found = await engine.tickPlanOf(file, name, { ticks: 'keep', ...named });
  if ('refusal' in found) return null;
  const card = async (plan: TickPlan): Promise<TickCard> => ({
    plan,
    columns: engine.sampleColumns(plan.kind),
    rows: await engine.firstTicks(file, plan),
  });
  if (!f.ticks || f.ticks.ticks === 'keep') return { card: await card(found), plan: found, error: null };
  const options = { ...named, ...f.ticks };
  try {
    engine.checkTickOptions(options);
  } catch (err) {
    return { card: await card(found), plan: null, error: toWireError(err).message };
  }
  const planned = await engine.tickPlanOf(file, name, options);
  if ('refusal' in planned) return { card: await card(found), plan: null, error: planned.refusal };
  return { card: await card(planned), plan: planned, error: null };
}

/** Totals of the tick files of one job, for its message. */
export interface TickTotals {
  ticks: number;
  bars: number;
  rowsRead: number;
  invalid: number;
}

/** Imports tick files by the plan their card showed (never detected again), one after another. */
export async function runTickFiles(
  catalog: Catalog,
  paths: string[],
  plan: TickPlan,
  req: { mode: ConflictMode; onError: ErrorPolicy; force: boolean },
  opts: { signal: AbortSignal; onProgress(rows: number, total: number | null): void },
): Promise<TickFileResult[]> {
  const engine = await loadTicks();
  const summary = await engine.runTickImport(
    catalog,
    { paths, options: { ticks: plan.ticks }, onError: req.onError, mode: req.mode, force: req.force },
    {
      signal: opts.signal,
      plan,
      // Ticks are only known once read; the total is estimated from the bytes read so far.
      onProgress: (_file, p) =>
        opts.onProgress(p.rows, p.bytes > 0 ? Math.round((p.rows * p.totalBytes) / p.bytes) : null),
    },
  );
  return summary.files;
}

/** A tick file's result as the dialog shows it: ticks and bars written, rows left out by rule code. */
export function tickJobFile(r: TickFileResult, name: string, room: number): ImportJobFile {
  const bars = r.barsWritten;
  return {
    name,
    series: r.barSeries,
    tickSeries: r.tickSeries,
    status: r.status,
    message: r.status === 'failed' ? r.message.replaceAll(r.file, name) : null,
    rowsRead: r.rowsRead,
    ticksWritten: r.ticksWritten?.written ?? 0,
    rowsAdded: bars?.added ?? 0,
    rowsReplaced: bars?.replaced ?? 0,
    rowsRemoved: bars?.removed ?? 0,
    rowsSkipped: bars?.skipped ?? 0,
    rowsInvalid: r.rowsInvalid,
    problemCounts: r.problemCounts,
    problems: listedProblems(r.problems, room),
  };
}

export function addTickTotals(t: TickTotals, r: TickFileResult): void {
  t.ticks += r.ticksWritten?.written ?? 0;
  t.bars += (r.barsWritten?.added ?? 0) + (r.barsWritten?.replaced ?? 0);
  t.rowsRead += r.rowsRead;
  t.invalid += r.rowsInvalid;
}

/** The catalog's tick series for the table: rows, span, days in session without ticks. */
export async function listTickSeries(ctx: CoreContext): Promise<TickSeriesRow[]> {
  const list = (await ctx.catalogs.get().ticks?.list()) ?? [];
  return list.map(({ lastWrite: _w, ...row }) => row);
}

/** A tick series' coverage by day for its gap chart; a mistyped id is said in plain words. */
export async function tickCoverage(ctx: CoreContext, id: string): Promise<TickCoverage> {
  let key: ReturnType<typeof parseTickSeriesId>;
  try {
    key = parseTickSeriesId(id);
  } catch (err) {
    throw new BarcatError('BAD_INPUT', (err as Error).message, { reason: 'bad_tick_series', id });
  }
  const store = ctx.catalogs.get().ticks;
  if (!store) throw new BarcatError('NOT_FOUND', `this catalog keeps no ticks (${id})`);
  return { id, ...(await store.coverage(key)) };
}
