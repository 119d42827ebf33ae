// Worker entry: runs "Verify catalog" or "Rebuild manifests" off the main thread (see core/maintenance-jobs.ts).
import type { MaintenanceKind, MaintenanceResult } from '../../src-shared/domain/job';
import { runMaintenance } from '../catalog/index';
import { serveWorker } from './serve';

export interface MaintenanceRequest {
  kind: MaintenanceKind;
  dir: string;
  lockWaitMs: number;
}

export interface MaintenanceProgress {
  done: number;
  total: number;
}

serveWorker<MaintenanceRequest, MaintenanceResult, MaintenanceProgress>(async (req, ctx) => ({
  result: await runMaintenance(req.dir, req.kind, {
    lockWaitMs: req.lockWaitMs,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress({ done, total }),
  }),
}));
