import { isMainThread } from 'node:worker_threads';

// Test hooks for the crash-safety and lock tests; unset in normal use (one env lookup per stage).
// BARCAT_CRASH_AT=stage[#n]: SIGKILL this process the n-th time (default first) a write reaches stage.
// BARCAT_THREAD_EXIT_AT=stage[#n]: in a worker thread, end that thread (process.exit) the n-th time.
// BARCAT_FAIL_AT=stage[#n]: throw there the n-th time (a failure nothing else can provoke: a dead worker's recovery).
// BARCAT_PAUSE_AT=stage:ms: announce "paused at stage" on stderr, then block for ms (lock held).
const counts = new Map<string, number>();

/** Whether `spec` (stage[#n]) names this stage, reached for the n-th time. */
function reached(spec: string | undefined, stage: string, counter: string): boolean {
  if (!spec) return false;
  const [want, nth] = spec.split('#');
  if (want !== stage) return false;
  const n = (counts.get(counter) ?? 0) + 1;
  counts.set(counter, n);
  return n === Number(nth ?? 1);
}

export function crashPoint(stage: string): void {
  if (reached(process.env.BARCAT_CRASH_AT, stage, stage)) process.kill(process.pid, 'SIGKILL');
  // A worker thread's death (its caller sees it as one), never the process's.
  if (!isMainThread && reached(process.env.BARCAT_THREAD_EXIT_AT, stage, `thread:${stage}`)) process.exit(1);
  if (reached(process.env.BARCAT_FAIL_AT, stage, `fail:${stage}`))
    throw new Error(`test hook BARCAT_FAIL_AT: failed at ${stage}`);
  const pause = process.env.BARCAT_PAUSE_AT;
  if (pause) {
    const [want, ms] = pause.split(':');
    if (want === stage) {
      process.stderr.write(`paused at ${stage}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
    }
  }
}
