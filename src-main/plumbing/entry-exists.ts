import { promises as fs } from 'node:fs';

/**
 * Whether anything is at `p`, a dangling link included (lstat, never followed): a lock file or an
 * export target is "there" even as a broken link. Any lstat error reads as absent.
 */
export function entryExists(p: string): Promise<boolean> {
  return probed(fs.lstat(p));
}

/** True once an fs probe (lstat, access) succeeds; any error of it reads as absent. */
export function probed(probe: Promise<unknown>): Promise<boolean> {
  return probe.then(
    () => true,
    () => false,
  );
}
