import { BarcatError } from '../../plumbing/errors';
import { workerFile } from '../../plumbing/workers/locate';
import { deathCause, WorkerPool, workerDied } from '../../plumbing/workers/pool';
import { type OpenOptions, recoverFromDeadWorker } from '../catalog/index';
import type { SavedPassword } from './connect/pgpass';
import { encodeWorkerDied, sourceOf } from './import/block-errors';
import type { ParityReport } from './import/parity';
import type { DbImportProgress, DbImportRequest, DbImportResult } from './import/run-import';
import type { DbImportPlan } from './plan';

/** What the db-import worker runs: a migration, or the parity check alone. */
export type DbWorkerRequest =
  | { kind: 'import'; req: DbImportRequest }
  | { kind: 'parity'; plan: DbImportPlan; catalogDir: string; open: OpenOptions; password?: SavedPassword };

export type DbWorkerResult =
  | { kind: 'import'; result: DbImportResult }
  | { kind: 'parity'; report: ParityReport };

/**
 * Runs one request in its own worker thread (streaming, parsing and writing off the caller's thread),
 * cancelled by `signal`, progress forwarded; the thread ends with the call.
 */
export async function callDbWorker(
  request: DbWorkerRequest,
  opts: { signal?: AbortSignal; onProgress?: (p: DbImportProgress) => void } = {},
): Promise<DbWorkerResult> {
  const pool = new WorkerPool<DbWorkerRequest, DbWorkerResult, DbImportProgress>(workerFile('db-import'), 1);
  const plan = request.kind === 'import' ? request.req.plan : request.plan;
  pool.start();
  // The pool's one thread: a death relayed from a pool nested in it (a catalog encode worker) carries
  // that thread's id; the migration itself ended by its own error and cleaned up after itself.
  const own = pool.threadIds[0];
  try {
    return await pool.call(request, opts);
  } catch (err) {
    if (!workerDied(err)) throw err;
    const died = err as BarcatError & { details: { threadId?: number; pool?: string } };
    if (died.details.threadId !== own)
      throw request.kind === 'import' && died.details.pool === 'encode' ? encodeWorkerDied(died, plan) : err;
    if (request.kind === 'parity')
      throw migrationDied(err, plan, 'parity check', 'it only reads, nothing was written; run it again');
    // A dead migration cannot release the catalog lock it held nor remove its staged files: free the
    // lock, finish or undo its commit, remove its staging folders (named by its thread: no one else's).
    const cleanup = await recoverFromDeadWorker(request.req.catalogDir, err).catch((e: unknown) =>
      e instanceof Error ? e.message : String(e),
    );
    if (typeof cleanup === 'string')
      throw migrationDied(
        err,
        plan,
        'migration',
        `cleaning up after it (removing its staged files, freeing the catalog lock it held, finishing or undoing the commit it was making) failed too (${cleanup}); the next open of the catalog after this process ends does that cleanup. Then run the import again: it resumes after the watermark`,
      );
    throw migrationDied(
      err,
      plan,
      'migration',
      `the catalog holds what its earlier commits wrote (a commit it was making was finished or undone), and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold); ${stagedLine(cleanup.stagedFiles, cleanup.stagingLeft)}. Run the import again: it resumes after the watermark`,
      { stagedFilesRemoved: cleanup.stagedFiles },
    );
  } finally {
    await pool.close();
  }
}

/** What recovery did with the dead migration's staged files, and the staging folders it could not remove. */
function stagedLine(n: number, left: readonly string[]): string {
  const said: string[] = [];
  if (n > 0)
    said.push(
      `the ${n} staged file${n === 1 ? '' : 's'} it had not committed ${n === 1 ? 'was' : 'were'} removed from the catalog's staging folder`,
    );
  if (left.length > 0)
    said.push(
      `its staging folder${left.length === 1 ? '' : 's'} ${left.join(', ')} could not be removed: the next open of the catalog after this process ends removes ${left.length === 1 ? 'it' : 'them'}`,
    );
  return said.length > 0 ? said.join('; ') : 'it left no staged files';
}

function migrationDied(
  err: unknown,
  plan: DbImportPlan,
  what: 'migration' | 'parity check',
  state: string,
  more: { stagedFilesRemoved?: number } = {},
): BarcatError {
  const cause = deathCause(err as Error);
  return new BarcatError(
    'DATA',
    `${plan.sourceLabel}: the database ${what}'s worker thread died (${cause}); ${state}`,
    {
      reason: 'db_worker_died',
      worker: what === 'migration' ? 'import' : 'parity',
      source: sourceOf(plan),
      ...more,
    },
  );
}
