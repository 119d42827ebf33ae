// Worker entry: the quality engine's pieces (read a run of partitions, run every check) off the
// calling thread and in parallel (see engines/quality/check-pool.ts).
import { checkPiece, type Finding, type PieceRequest } from '../../engines/quality/index';
import { serveWorker } from '../../plumbing/workers/serve-requests';
import { readerOf } from './catalog-reader';

serveWorker<PieceRequest, Finding[], never>(async (req) => ({
  result: await checkPiece(await readerOf(req.dir), req, { direct: true }),
}));
