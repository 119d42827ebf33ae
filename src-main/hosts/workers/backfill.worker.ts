// Worker entry: runs backfill jobs off the main thread, on the shared pool protocol (see plumbing/workers/serve-requests.ts).
import type { Job, JobEvent } from '../../../src-shared/domain/job';
import { type BackfillCall, runBackfillCall } from '../../engines/backfill/jobs/worker-main';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<BackfillCall, Job, JobEvent>(async (call, ctx) => ({
  result: await runBackfillCall(call, ctx.signal, (e) => ctx.progress(e)),
}));
