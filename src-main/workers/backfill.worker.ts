// Thin entry for the backfill worker thread (bundled to out/node/workers/backfill.js).
import { backfillWorkerMain } from '../backfill/worker-main';

await backfillWorkerMain();
