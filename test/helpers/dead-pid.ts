import { spawnSync } from 'node:child_process';

/** A process id that no longer runs: a child that has exited (for locks and jobs left by a dead process). */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}
