// Worker entry: runs "Verify catalog" or "Rebuild manifests" off the main thread (see app/jobs/maintenance-jobs.ts).
import type { MaintenanceResult } from '../../../src-shared/domain/job';
import {
  type MaintenanceProgress,
  type MaintenanceRequest,
  runMaintenance,
} from '../../engines/catalog/index';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<MaintenanceRequest, MaintenanceResult, MaintenanceProgress>(async (req, ctx) => ({
  result: await runMaintenance(req.dir, req.kind, {
    lockWaitMs: req.lockWaitMs,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress({ done, total }),
  }),
}));
