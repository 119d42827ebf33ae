import { availableParallelism } from 'node:os';
import { BarcatError } from '../../plumbing/errors';
import { bundledIdlePool } from '../../plumbing/workers/idle-pool';
import type { WorkerPool } from '../../plumbing/workers/pool';
import { arrowToBatch, type Catalog } from '../catalog/index';
import { checkPieceBars, type PieceAnswer, type PieceRequest } from './check-piece';
import type { Finding } from './types';

/** Threads that check pieces at once: one per core, at most 4 (each reads and checks its own partitions). */
export const CHECK_THREADS = Math.max(1, Math.min(4, availableParallelism()));
/**
 * Rows from which a refresh's pieces go to quality workers. Below, starting a worker (it loads the
 * catalog code and compiles parquet-wasm) costs more than checking the bars on the calling thread.
 */
export const WORKER_CHECK_MIN_ROWS = 500_000;
// Idle workers never keep a process alive (a CLI exits at once); the pool closes after this long idle.
const IDLE_CLOSE_MS = 30_000;

const pool = bundledIdlePool<PieceRequest, PieceAnswer>('quality', CHECK_THREADS, IDLE_CLOSE_MS, {
  unrefIdle: true,
});

/**
 * Test instrumentation: pieces checked in workers since start, and each piece's call of the last
 * refresh in workers, sent and answered, in order (tests check the path taken and that no worker
 * idled while pieces waited).
 */
export const checkedInWorkers = {
  pieces: 0,
  lastCalls: [] as { piece: number; at: 'sent' | 'answered' }[],
};

/**
 * A worker's read of a partition file that a write superseded (and moved to history) after the
 * refresh read the manifest: the piece is then checked here, through the catalog's query, which
 * reads the manifest again (the refresh then keeps no results: the generation moved).
 */
function superseded(err: unknown): boolean {
  return err instanceof BarcatError && (err.details as { errno?: unknown } | undefined)?.errno === 'ENOENT';
}

/**
 * One lane per thread, each taking the next piece as soon as its last one is back: the worker that
 * frees first checks the next piece (the pool hands a call to an idle worker first), so a slow
 * piece or a slow start holds up only its own worker. Findings stay in the pieces' order.
 */
async function checkInLanes(
  pool: WorkerPool<PieceRequest, PieceAnswer>,
  pieces: readonly PieceRequest[],
  inThread: (piece: PieceRequest) => Promise<Finding[]>,
) {
  const found: Finding[][] = new Array(pieces.length);
  const calls: (typeof checkedInWorkers)['lastCalls'] = [];
  let next = 0;
  const lane = async () => {
    while (next < pieces.length) {
      const i = next++;
      const piece = pieces[i] as PieceRequest;
      calls.push({ piece: i, at: 'sent' });
      const answer = await pool.call(piece).catch(async (err: unknown) => {
        if (!superseded(err)) throw err;
        return { findings: await inThread(piece) };
      });
      calls.push({ piece: i, at: 'answered' });
      found[i] = answer.findings;
      checkedInWorkers.pieces++;
    }
  };
  const lanes = Array.from({ length: Math.min(CHECK_THREADS, pieces.length) }, lane);
  try {
    await Promise.all(lanes);
  } finally {
    // A failed piece stops the lanes from taking more.
    next = pieces.length;
  }
  checkedInWorkers.lastCalls = calls;
  return found;
}

/**
 * Checks the pieces, each a whole read-and-check, in parallel quality workers when there are several
 * and enough rows (the calling thread, often the app's main one, only waits); else in this thread.
 * Without the worker bundle every piece is checked here.
 */
export function checkPieces(
  catalog: Catalog,
  pieces: readonly PieceRequest[],
  rows: number,
  minRows = WORKER_CHECK_MIN_ROWS,
): Promise<Finding[][]> {
  // Through the catalog's query and its cache of decoded partitions: an incremental refresh on the
  // calling thread finds the neighbours of a written month there.
  const onePiece = async (p: PieceRequest) =>
    checkPieceBars(arrowToBatch(await catalog.query(p.key, p.range)), p);
  const inThread = async () => {
    const out: Finding[][] = [];
    for (const p of pieces) out.push(await onePiece(p));
    return out;
  };
  if (pieces.length < 2 || rows < minRows) return inThread();
  return pool.use((p) => checkInLanes(p, pieces, onePiece), inThread);
}
