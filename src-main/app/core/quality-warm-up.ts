import { performance } from 'node:perf_hooks';
import { warmCheckWorkers } from '../../engines/quality/index';

export interface QualityWarmUpOptions {
  /** How long after start to wait before looking for an idle moment (the window loads, its first views read). */
  afterMs?: number;
}

const AFTER_MS = 5_000;
/** How often the main thread is looked at, and how long it must have been idle. */
const LOOK_MS = 1_000;
/** Idle: the main thread's event loop busy under this share of the last look (a request served, a read). */
const IDLE_SHARE = 0.1;

export interface QualityWarmUp {
  /** The worker threads warmed; [] when stopped first (or without the worker bundle). */
  readonly done: Promise<number[]>;
  stop(): void;
}

/**
 * Warms the quality workers once the app is idle after start (engines/quality warmCheckWorkers), so
 * the user's first refresh costs what a refresh in a running process costs. It never delays start
 * or a user's action: it waits `afterMs`, then for a look in which the main thread was idle and
 * nothing is `busy` (a job running, a request being served); the work runs in the workers, one at
 * a time (one core at most), never on the main thread; stop() (the app closing) cancels it. Only
 * the app's hosts ask for it, never the CLI (a one-shot process has no idle time to use).
 */
export function warmQualityWhenIdle(busy: () => boolean, opts: QualityWarmUpOptions = {}): QualityWarmUp {
  const stopped = new AbortController();
  const signal = stopped.signal;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      // The clock never keeps a process alive on its own.
      const t = setTimeout(resolve, ms);
      t.unref();
      const stop = () => {
        clearTimeout(t);
        resolve();
      };
      signal.addEventListener('abort', stop, { once: true });
    });
  const run = async (): Promise<number[]> => {
    await wait(opts.afterMs ?? AFTER_MS);
    for (;;) {
      const before = performance.eventLoopUtilization();
      await wait(LOOK_MS);
      if (signal.aborted) return [];
      if (performance.eventLoopUtilization(before).utilization < IDLE_SHARE && !busy()) break;
    }
    return warmCheckWorkers(signal);
  };
  // A warm-up that fails costs only the warmth: the first refresh starts its workers as it would.
  const done = run().catch(() => []);
  return { done, stop: () => stopped.abort() };
}
