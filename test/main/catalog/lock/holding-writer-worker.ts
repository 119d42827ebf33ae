// Worker-thread entry for the own-job wait test: takes the catalog lock, as the app's verify or
// backfill job does in its worker thread, and holds it until told to release it.
import { parentPort, workerData } from 'node:worker_threads';
import { acquireWriteLock } from '../../../../src-main/engines/catalog/disk/lock';

const { dir } = workerData as { dir: string };
const release = await acquireWriteLock(dir, { waitMs: 1000 });
parentPort!.once('message', () => {
  void release().then(() => parentPort!.postMessage('released'));
});
parentPort!.postMessage('locked');
