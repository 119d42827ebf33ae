// Worker entry: the quality engine's pieces (read a run of partitions, run every check) off the
// calling thread and in parallel (see engines/quality/check-pool.ts).
import { type Catalog, openCatalog } from '../../engines/catalog/index';
import { checkPiece, type Finding, type PieceRequest } from '../../engines/quality/index';
import { serveWorker } from '../../plumbing/workers/serve-requests';

// One reader per catalog folder: it only reads, takes no lock and recovers nothing (the opener did).
const catalogs = new Map<string, Promise<Catalog>>();

function readerOf(dir: string): Promise<Catalog> {
  let c = catalogs.get(dir);
  if (!c) {
    // No decode workers of its own: this thread is one of the pool's already.
    c = openCatalog(dir, {
      create: false,
      recover: false,
      workerDecodeMinRows: Number.POSITIVE_INFINITY,
      readCacheMb: 0,
    });
    catalogs.set(dir, c);
    c.catch(() => catalogs.delete(dir));
  }
  return c;
}

serveWorker<PieceRequest, Finding[], never>(async (req) => ({
  result: await checkPiece(await readerOf(req.dir), req, true),
}));
