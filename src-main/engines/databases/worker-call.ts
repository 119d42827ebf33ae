import { workerFile } from '../../plumbing/workers/locate';
import { WorkerPool } from '../../plumbing/workers/pool';
import type { OpenOptions } from '../catalog/index';
import type { SavedPassword } from './connect/pgpass';
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
  try {
    return await pool.call(request, opts);
  } finally {
    await pool.close();
  }
}
