// Worker entry: the quality engine's pieces (read a run of partitions, run every check) off the
// calling thread and in parallel (see engines/quality/check-pool.ts). It imports the check of one
// piece alone, not the quality or catalog index: the worker loads a tenth of the code and starts faster.
import { threadId } from 'node:worker_threads';
import { checkPiece, type QualityAnswer, type QualityCall } from '../../engines/quality/check-piece';
import { serveWorker } from '../../plumbing/workers/serve-requests';

let warmedUp = false;

serveWorker<QualityCall, QualityAnswer, never>(async (call) => {
  if ('piece' in call)
    return { result: { findings: await checkPiece(call.piece), thread: threadId, warmedUp } };
  // Loaded only here: a worker of the CLI, which never warms up, loads no encoder.
  const { warmUpChecks } = await import('../../engines/quality/warm-up');
  const findings = await warmUpChecks(call.warmUp);
  warmedUp = true;
  return { result: { findings, thread: threadId, warmedUp } };
});
