import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/index';
import { sleep } from './clock';
import { JobStore } from './job-store';
import { runJob } from './runner';
import { limiterRegistry, providersFor } from './setup';
import type { BackfillWorkerData, FromWorker, ToWorker } from './worker-protocol';

/** Body of the backfill worker thread: runs one job against its own catalog handle. */
export async function backfillWorkerMain(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('backfill worker started outside a worker thread');
  const data = workerData as BackfillWorkerData;
  const post = (m: FromWorker) => port.postMessage(m);
  const controller = new AbortController();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') controller.abort();
  });
  const clock = { now: () => Date.now() + data.nowOffsetMs, sleep };
  const catalog = await openCatalog(data.catalogDir);
  try {
    const store = new JobStore(data.catalogDir);
    const { stored } = data;
    const getKey = async () => data.key;
    const { rest, archive } = providersFor(
      stored.request.provider,
      stored.request.baseUrl,
      data.archiveBaseUrl,
      getKey,
    );
    const limiters = limiterRegistry(clock, data.requestsPerSecond);
    const job = await runJob({
      catalog,
      stored,
      save: (s) => store.save(s),
      appendAttempts: (a) => store.appendAttempts(stored.job.id, a),
      rest,
      archive,
      fetch,
      clock,
      random: Math.random,
      policy: data.policy,
      limiterFor: (host) => limiters(stored.request.provider, host),
      signal: controller.signal,
      emit: (event) => post({ type: 'event', event }),
      alreadyQueued: data.alreadyQueued,
      concurrency: data.concurrency,
    });
    post({ type: 'done', job });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    await catalog.close();
  }
}
