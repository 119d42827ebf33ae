// Worker-thread entry for the dead-worker test: takes the catalog lock, leaves a temp file as a
// write cut short would, and dies without releasing anything.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { acquireWriteLock } from '../../../../src-main/engines/catalog/disk/lock';

const { dir } = workerData as { dir: string };
await acquireWriteLock(dir, { waitMs: 1000 });
writeFileSync(path.join(dir, 'manifests', '.BINANCE~BTCUSDT~1m.json.1-dead.tmp'), '{"half":');
parentPort!.postMessage('locked');
process.exit(1);
