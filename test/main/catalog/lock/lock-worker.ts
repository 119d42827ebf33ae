// Worker-thread entry for the lock test: writes one batch through its own Catalog instance.
import { parentPort, workerData } from 'node:worker_threads';
import { batchFromBars, openCatalog } from '../../../../src-main/engines/catalog/index';

const { dir, bars } = workerData as { dir: string; bars: Parameters<typeof batchFromBars>[0] };
const cat = await openCatalog(dir, { lockWaitMs: 30_000 });
const result = await cat.write(
  { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
  batchFromBars(bars),
  'merge',
);
await cat.close();
parentPort!.postMessage(result);
