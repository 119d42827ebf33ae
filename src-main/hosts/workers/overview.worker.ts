// Worker entry: one partition of a series read and resampled to the chart's overview levels, off the
// calling thread (see engines/resample/overview-share.ts). The shares are small (hours, days): copied.
import type { BarBatch } from '../../engines/catalog/index';
import { overviewShare, type ShareRequest } from '../../engines/resample/overview-share';
import { serveWorker } from '../../plumbing/workers/serve-requests';
import { readerOf } from './catalog-reader';

serveWorker<ShareRequest, BarBatch[], never>(async (req) => ({
  result: await overviewShare(await readerOf(req.dir), req),
}));
