// Worker entry: the quality engine's pieces (read a run of partitions, run every check) off the
// calling thread and in parallel (see engines/quality/check-pool.ts). It imports the check of one
// piece alone, not the quality or catalog index: the worker loads a tenth of the code and starts faster.
import { checkPiece, type PieceAnswer, type PieceRequest } from '../../engines/quality/check-piece';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<PieceRequest, PieceAnswer, never>(async (req) => ({
  result: { findings: await checkPiece(req) },
}));
