// Worker entry: the app's export jobs write files off the main thread (see app/jobs/export-jobs.ts).
import { openCatalog } from '../../engines/catalog/index';
import { type ExportedFile, type ExportRequest, exportSeries } from '../../engines/export/index';
import {
  exportWindows,
  type VerifyResult,
  verifyExport,
  type WindowsRequest,
  type WindowsResult,
} from '../../engines/export/lake/index';
import { serveWorker } from '../../plumbing/workers/serve-requests';

type ExportWorkerRequest =
  | { kind: 'series'; dir: string; request: ExportRequest }
  | { kind: 'windows'; dir: string; request: WindowsRequest }
  | { kind: 'verify'; folder: string };

serveWorker<
  ExportWorkerRequest,
  ExportedFile[] | WindowsResult | VerifyResult,
  { done: number; total: number }
>(async (req, ctx) => {
  // Verify reads the lake only, never the catalog.
  if (req.kind === 'verify') return { result: await verifyExport(req.folder) };
  const catalog = await openCatalog(req.dir, { create: false });
  const hooks = {
    signal: ctx.signal,
    onProgress: (done: number, total: number) => ctx.progress({ done, total }),
  };
  try {
    return {
      result:
        req.kind === 'series'
          ? await exportSeries(catalog, req.request, req.request.out, hooks)
          : await exportWindows(catalog, req.request, req.request.out, hooks),
    };
  } finally {
    await catalog.close();
  }
});
