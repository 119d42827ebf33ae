// Worker entry: a database migration or its parity check, off the main thread (engines/databases/worker-call.ts),
// and blocks of a migration's rows read through the rules (engines/databases/import/row-workers.ts).

import type { TransferListItem } from 'node:worker_threads';
import { batchBuffers } from '../../engines/catalog/index';
import type { DbImportProgress, RowBlockAnswer, RowBlockRequest } from '../../engines/databases/index';
import { ownBuffer, parityCheck, readRowBlockFresh, runDbImport } from '../../engines/databases/index';
import type { DbWorkerRequest, DbWorkerResult } from '../../engines/databases/worker-call';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<DbWorkerRequest | RowBlockRequest, DbWorkerResult | RowBlockAnswer, DbImportProgress>(
  async (r, ctx) => {
    if (r.kind === 'rows') {
      const block = readRowBlockFresh(r);
      // The bars' columns and the block's text move to the caller instead of being copied.
      const transfer: TransferListItem[] = block.series.flatMap(({ batch }) => batchBuffers(batch));
      return { result: block, transfer: [...new Set([...transfer, ...ownBuffer(block.text)])] };
    }
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
  },
);
