// One `barcat update` per catalog at a time: two would plan the same ranges and fetch them twice.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { insideCatalog, jobsDir, readLock, takeFileLock } from '../../catalog/index';

export function updateLockPath(catalogDir: string): string {
  return insideCatalog(catalogDir, path.join(jobsDir(catalogDir), 'update.lock'));
}

/**
 * Takes the update lock or throws LOCKED naming the process that holds it. The catalog's file lock
 * does the taking, so a dead holder's lock is broken by one process only.
 */
export async function takeUpdateLock(catalogDir: string): Promise<() => Promise<void>> {
  const file = updateLockPath(catalogDir);
  await fs.mkdir(path.dirname(file), { recursive: true });
  let token: string;
  try {
    token = (await takeFileLock(file, { waitMs: 0, pollMs: 50, signal: undefined })).info.token;
  } catch (err) {
    if (!(err instanceof BarcatError) || err.code !== 'LOCKED') throw err;
    const pid = (err.details as { pid?: number } | undefined)?.pid;
    throw new BarcatError(
      'LOCKED',
      `another "barcat update" is running on this catalog (pid ${pid ?? 'unknown'}); wait for it to finish, then run again`,
      { reason: 'UPDATE_RUNNING', pid },
    );
  }
  return async () => {
    if ((await readLock(file))?.token === token) await fs.rm(file, { force: true });
  };
}
