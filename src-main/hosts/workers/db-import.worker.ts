// Worker entry: a database migration or its parity check, off the main thread (engines/databases/worker-call.ts).

import type { DbImportProgress } from '../../engines/databases/index';
import { parityCheck, runDbImport } from '../../engines/databases/index';
import type { DbWorkerRequest, DbWorkerResult } from '../../engines/databases/worker-call';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<DbWorkerRequest, DbWorkerResult, DbImportProgress>(async (r, ctx) => {
  if (r.kind === 'import')
    return {
      result: {
        kind: 'import',
        result: await runDbImport(r.req, { signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
      },
    };
  return {
    result: {
      kind: 'parity',
      report: await parityCheck(r.plan, r.catalogDir, r.open, ctx.signal, r.password),
    },
  };
});
