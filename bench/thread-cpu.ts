// CPU seconds per thread of this process from /proc/self/task (Linux; empty elsewhere): which threads
// an import's CPU went to. The import's two workers are its two busiest threads besides the main one;
// the rest are V8's platform threads (GC, JIT and wasm tier-up) and libuv's (file reads, writes, fsyncs).
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

export type ThreadCpu = Map<string, number>;

export function threadCpu(): ThreadCpu {
  const out: ThreadCpu = new Map();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / TICKS);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** CPU seconds since `from`: the main thread, the two busiest other threads, and all the rest. */
export function threadSplit(from: ThreadCpu): { main: number; workers: number; other: number } {
  const main = String(process.pid);
  const others: number[] = [];
  let mainSec = 0;
  for (const [tid, sec] of threadCpu()) {
    const d = sec - (from.get(tid) ?? 0);
    if (tid === main) mainSec = d;
    else others.push(d);
  }
  others.sort((a, b) => b - a);
  const workers = (others[0] ?? 0) + (others[1] ?? 0);
  const rest = others.slice(2).reduce((a, b) => a + b, 0);
  return { main: mainSec, workers, other: rest };
}
