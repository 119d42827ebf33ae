// Test hooks for the crash-safety and lock tests; unset in normal use (one env lookup per stage).
// BARCAT_CRASH_AT=stage[#n]: SIGKILL this process the n-th time (default first) a write reaches stage.
// BARCAT_PAUSE_AT=stage:ms: announce "paused at stage" on stderr, then block for ms (lock held).
const counts = new Map<string, number>();

export function crashPoint(stage: string): void {
  const crash = process.env.BARCAT_CRASH_AT;
  if (crash) {
    const [want, nth] = crash.split('#');
    if (want === stage) {
      const n = (counts.get(stage) ?? 0) + 1;
      counts.set(stage, n);
      if (n === Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
    }
  }
  const pause = process.env.BARCAT_PAUSE_AT;
  if (pause) {
    const [want, ms] = pause.split(':');
    if (want === stage) {
      process.stderr.write(`paused at ${stage}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
    }
  }
}
