// Worker entry: the app's Export job writes files off the main thread (see app/export-jobs.ts).
import { openCatalog } from '../../engines/catalog/index';
import { type ExportedFile, type ExportRequest, exportSeries } from '../../engines/export/index';
import { serveWorker } from '../../plumbing/workers/serve-requests';

interface ExportWorkerRequest {
  dir: string;
  request: ExportRequest;
}

serveWorker<ExportWorkerRequest, ExportedFile[], { done: number; total: number }>(async (req, ctx) => {
  const catalog = await openCatalog(req.dir, { create: false });
  try {
    return {
      result: await exportSeries(catalog, req.request, req.request.out, {
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress({ done, total }),
      }),
    };
  } finally {
    await catalog.close();
  }
});
