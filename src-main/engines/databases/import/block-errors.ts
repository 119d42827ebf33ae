import { tsText } from '../../../../src-shared/domain/bar';
import { BarcatError } from '../../../plumbing/errors';
import { deathCause, workerDied } from '../../../plumbing/workers/pool';
import { type DbImportPlan, seriesColumns } from '../plan';

/** Where a run's rows come from, as a person reads it: `table bars` or `the query`. */
export function sourceOf(plan: DbImportPlan): string {
  return 'table' in plan.from ? `table ${plan.from.table}` : 'the query';
}

/** Where the catalog stands after a failed read: what earlier commits wrote, nothing after. */
const NOTHING_HALF_WRITTEN =
  'nothing of the rows being read was written: the catalog holds only what earlier commits wrote, and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold)';

/** A text value for a message: at most 40 characters. */
function shortText(v: string): string {
  return v.length <= 40 ? `"${v}"` : `"${v.slice(0, 40)}…"`;
}

/**
 * The refusal of a row longer than MAX_ROW_BYTES, before it is read: named by its place in the
 * run's rows and the start of its key (the ts key, then the series columns, as far as they came).
 */
export function rowTooLong(plan: DbImportPlan, row: number, head: Buffer, maxBytes: number): BarcatError {
  const fields = head.toString('utf8').split('\t');
  const ts = fields[0] ?? '';
  const series = seriesColumns(plan.series);
  const tsWord = plan.tsKind === 'instant' && /^-?\d+$/.test(ts) ? `${ts} (${tsText(Number(ts))})` : ts;
  const key = [
    `${plan.map.ts} ${tsWord}`,
    ...series.slice(0, fields.length - 1).map((c, i) => `${c} ${shortText(fields[i + 1] ?? '')}`),
  ].join(', ');
  const mb = Math.round(maxBytes / 2 ** 20);
  return new BarcatError(
    'DATA',
    `${plan.sourceLabel}: row ${row.toLocaleString('en-US')} of this run (in key order, ${key}) is longer than ${mb} MB, ` +
      `where a bar row takes well under a kilobyte: a column mapped to ${series.length > 0 ? series.join(', ') : 'the bar'} ` +
      `is almost surely the wrong one (a text or document column); check the mapping (--series-from, --map; Preview shows it) ` +
      `or leave such rows out with --query; ${NOTHING_HALF_WRITTEN}`,
    { reason: 'db_row_too_large', source: sourceOf(plan), row, key, maxBytes },
  );
}

/** A row worker's death while it read a block, as the coded error it is; other errors pass as they are. */
export function rowWorkerDied(err: unknown, plan: DbImportPlan, firstRow: number, bytes: number): unknown {
  if (!workerDied(err)) return err;
  const cause = deathCause(err as Error);
  return new BarcatError(
    'DATA',
    `${plan.sourceLabel}: the row worker thread reading rows from ${firstRow.toLocaleString('en-US')} of this run ` +
      `(a block of ${bytes.toLocaleString('en-US')} bytes) died (${cause}); ${NOTHING_HALF_WRITTEN}. ` +
      'Run the import again: it resumes after the watermark. If it dies again at the same rows, check the mapping (Preview) ' +
      'and the memory free on this machine',
    { reason: 'db_worker_died', worker: 'rows', source: sourceOf(plan), firstRow, bytes },
  );
}

/**
 * A catalog encode worker's death inside a migration (relayed from its thread, which then stopped
 * and removed its staged files itself; details.pool 'encode'), as the coded error a row worker's is.
 */
export function encodeWorkerDied(err: Error, plan: DbImportPlan): BarcatError {
  const cause = deathCause(err);
  return new BarcatError(
    'DATA',
    `${plan.sourceLabel}: a catalog encode worker thread of the database migration died (${cause}) while it staged bars; ${NOTHING_HALF_WRITTEN}. ` +
      'Run the import again: it resumes after the watermark. If it dies again, check the memory free on this machine',
    { reason: 'db_worker_died', worker: 'encode', source: sourceOf(plan) },
  );
}
