// Worker entry: "Change timeframe label" off the main thread (see app/jobs/relabel-jobs.ts).
import {
  type RelabelCall,
  type RelabelProgress,
  type RenameReport,
  runRelabelCall,
} from '../../engines/quality/index';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<RelabelCall, RenameReport, RelabelProgress>(async (req, ctx) => ({
  result: await runRelabelCall(req, ctx.signal, (p) => ctx.progress(p)),
}));
