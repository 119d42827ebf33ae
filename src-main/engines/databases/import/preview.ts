import { tsText } from '../../../../src-shared/domain/bar';
import type { DbImportPreview } from '../../../../src-shared/domain/job-kinds/db-import';
import { tsLimitsFromEnv } from '../../catalog/index';
import { connectDb } from '../connect/open-db';
import type { SavedPassword } from '../connect/pgpass';
import type { DbImportPlan } from '../plan';
import { isProblem, RowReader } from '../rows';
import { rowsQuery } from '../sql';
import { parseDbTarget, targetLabel } from '../target';
import { tsvRowBatches } from '../tsv';
import { buildPlan, type PlanInput } from './build-plan';

/** Reads the columns of the source and builds the plan: what the CLI and the app's job run. */
export async function describeAndPlan(input: PlanInput, password?: SavedPassword): Promise<DbImportPlan> {
  const conn = await connectDb(input.target, password);
  try {
    return buildPlan(input, await conn.describe(input.from));
  } finally {
    await conn.close();
  }
}

/** The plan and its first rows read exactly as the import will read them (good bars, or why not). */
export async function previewDbImport(
  input: PlanInput,
  limit = 20,
  password?: SavedPassword,
): Promise<{ plan: DbImportPlan; preview: Omit<DbImportPreview, 'planId'> }> {
  const conn = await connectDb(input.target, password);
  try {
    const columns = await conn.describe(input.from);
    const plan = buildPlan(input, columns);
    const reader = new RowReader(plan, tsLimitsFromEnv());
    const rows: DbImportPreview['rows'] = [];
    for await (const batch of tsvRowBatches(conn.tsv(`${rowsQuery(plan, null)} LIMIT ${limit}`)))
      for (const row of batch) {
        const r = reader.read(row);
        if (isProblem(r)) rows.push({ key: r.key, bar: null, problem: `${r.column}: ${r.what} (${r.rule})` });
        else
          rows.push({
            key: `${r.series}@${tsText(r.ts)}`,
            bar: {
              ts: r.ts,
              open: r.open,
              high: r.high,
              low: r.low,
              close: r.close,
              volume: Number.isNaN(r.volume) ? null : r.volume,
            },
            problem: null,
          });
      }
    return {
      plan,
      preview: {
        target: targetLabel(plan.target),
        columns,
        map: plan.map,
        tsKind: plan.tsKind,
        tz: plan.tz,
        rows,
      },
    };
  } finally {
    await conn.close();
  }
}

/** Connects and disconnects: the dialog's "Test connection". Returns the target's password-free name. */
export async function testDbConnection(url: string, password?: SavedPassword): Promise<string> {
  const target = parseDbTarget(url);
  const conn = await connectDb(target, password);
  await conn.close();
  return targetLabel(target);
}
