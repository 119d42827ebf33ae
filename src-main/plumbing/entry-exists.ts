import { promises as fs } from 'node:fs';

/**
 * Whether anything is at `p`, a dangling link included (lstat, never followed): a lock file or an
 * export target is "there" even as a broken link. Any lstat error reads as absent.
 */
export async function entryExists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}
