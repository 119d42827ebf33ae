import type { z } from 'zod';
import type { DbImportPreview, DbImportStartSchema } from '../../../src-shared/domain/job-kinds/db-import';
import {
  type DbImportPlan,
  type DbTarget,
  DEFAULT_CHUNK_ROWS,
  importReportLines,
  parityLine,
  type SavedPassword,
  targetLabel,
} from '../../engines/databases/index';
import { callDbWorker } from '../../engines/databases/worker-call';
import { BarcatError, toWireError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { planMemoryPerCore } from '../core/plan-memory';

/**
 * The password the app keeps for this connection (SecretStore), handed to the engine only. In the
 * web host (uploadDir set) only a saved one may go out: null says so (pgpass.ts SavedPassword).
 */
export function savedDbPassword(ctx: CoreContext, target: DbTarget): SavedPassword {
  return ctx.settings.dbPassword(targetLabel(target)) ?? (ctx.uploadDir !== null ? null : undefined);
}

/** The plans the dialog previewed, per core, by id: starting runs the one shown, never a re-plan. */
const shownPlans = planMemoryPerCore<DbImportPlan>(500);

/** Keeps a previewed plan; the preview carries its id. */
export function rememberDbPlan(
  ctx: CoreContext,
  r: { plan: DbImportPlan; preview: Omit<DbImportPreview, 'planId'> },
): DbImportPreview {
  return { planId: shownPlans(ctx).keep(r.plan, ctx.now()), ...r.preview };
}

/**
 * "Import from database" as a job: the plan the dialog previewed (built from the same input), the
 * migration in a worker thread, then the parity check; the job ends failed when parity differs.
 */
export async function startDbImportJob(
  ctx: CoreContext,
  input: z.output<typeof DbImportStartSchema>,
): Promise<string> {
  const { mode, onError, planId } = input;
  const plan = shownPlans(ctx).get(planId, ctx.now());
  if (!plan)
    throw new BarcatError(
      'BAD_INPUT',
      `database import plan ${planId} is not known (the app was restarted, it was previewed too long ago, or never); preview the import again`,
      { reason: 'unknown_plan', planId },
    );
  const catalog = ctx.catalogs.get();
  const catalogDir = catalog.dir;
  const what = 'table' in plan.from ? plan.from.table : 'query';
  const password = savedDbPassword(ctx, plan.target);
  const job = ctx.jobs.start('db-import', `Import ${what} from ${targetLabel(plan.target)}`, 'rows');
  const run = async () => {
    const r = await callDbWorker(
      {
        kind: 'import',
        req: {
          plan,
          catalogDir,
          open: { create: false },
          mode,
          onError: onError ?? 'reject',
          chunkRows: DEFAULT_CHUNK_ROWS,
          password,
        },
      },
      { signal: job.signal, onProgress: (p) => job.progress(p.rows, null) },
    );
    if (r.kind !== 'import') throw new Error('unexpected worker answer');
    const result = r.result;
    job.update({ seriesIds: result.series, problems: importReportLines(result).slice(1) });
    if (result.series.length > 0) ctx.bus.emit('seriesChanged', { ids: result.series });
    const summary = importReportLines(result)[0] ?? '';
    if (result.outcome === 'rejected') {
      job.finish('failed', summary);
      return;
    }
    const p = await callDbWorker(
      { kind: 'parity', plan, catalogDir, open: { create: false }, password },
      { signal: job.signal },
    );
    if (p.kind !== 'parity') throw new Error('unexpected worker answer');
    job.finish(p.report.ok ? 'done' : 'failed', `${summary}; ${parityLine(p.report)}`);
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
  return job.id;
}
