// Worker entry: runs a Dukascopy tick backfill off the main thread (see backfill/ticks/tick-backfill-call.ts).

import type { TickBackfillSummary } from '../../engines/backfill/ticks/dukascopy-backfill';
import {
  runTickBackfillCall,
  type TickBackfillCall,
  type TickBackfillProgress,
} from '../../engines/backfill/ticks/tick-backfill-call';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<TickBackfillCall, TickBackfillSummary, TickBackfillProgress>(async (call, ctx) => ({
  result: await runTickBackfillCall(call, ctx.signal, (p) => ctx.progress(p)),
}));
