import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { median } from './record';

const TIME = '/usr/bin/time';

export interface ProcessRun {
  wallMs: number;
  /** User + system time of the process and all its threads (GNU time), when /usr/bin/time is there. */
  cpuMs: number | null;
}

/**
 * One `node ARGS` process (this Node, process.execPath, not whichever `node` PATH finds): wall time
 * measured here, CPU time from GNU time's "%U %S". Throws unless it exits with one of `statuses`.
 */
export function timeProcess(args: string[], statuses: number[] = [0], env = process.env): ProcessRun {
  const timed = existsSync(TIME);
  const t = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8', env })
    : spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const wallMs = performance.now() - t;
  if (r.status === null || !statuses.includes(r.status))
    throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const m = timed ? /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr) : null;
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

/** Median wall and CPU of several runs (the middle one: one slow run on a shared machine sets no figure). */
export function medianRun(runs: ProcessRun[]): ProcessRun {
  const cpu = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  return {
    wallMs: Math.round(median(runs.map((r) => r.wallMs))),
    cpuMs: cpu.length ? Math.round(median(cpu)) : null,
  };
}
