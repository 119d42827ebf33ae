import { availableParallelism } from 'node:os';
import { bundledIdlePool } from '../../plumbing/workers/idle-pool';
import { arrowToBatch, type Catalog } from '../catalog/index';
import { checkPieceBars, type PieceRequest } from './check-piece';
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

const pool = bundledIdlePool<PieceRequest, Finding[]>('quality', CHECK_THREADS, IDLE_CLOSE_MS, {
  unrefIdle: true,
});

/** Pieces checked in workers since start (tests check the path taken). */
export const checkedInWorkers = { pieces: 0 };

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
  const inThread = async () => {
    const out: Finding[][] = [];
    for (const p of pieces) out.push(checkPieceBars(arrowToBatch(await catalog.query(p.key, p.range)), p));
    return out;
  };
  if (pieces.length < 2 || rows < minRows) return inThread();
  return pool.use(
    (p) =>
      Promise.all(
        pieces.map(async (piece) => {
          const found = await p.call(piece);
          checkedInWorkers.pieces++;
          return found;
        }),
      ),
    inThread,
  );
}
