// One `barcat update` per catalog at a time: two would plan the same ranges and fetch them twice.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { pidAlive } from '../../../plumbing/pid-alive';
import { jobsDir } from '../../catalog/index';

export function updateLockPath(catalogDir: string): string {
  return path.join(jobsDir(catalogDir), 'update.lock');
}

async function holder(file: string): Promise<number | undefined> {
  try {
    const pid = Number((JSON.parse(await fs.readFile(file, 'utf8')) as { pid?: unknown }).pid);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the update lock or throws LOCKED naming the process that holds it; a dead holder's lock is taken over. */
export async function takeUpdateLock(catalogDir: string): Promise<() => Promise<void>> {
  const file = updateLockPath(catalogDir);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const token = randomUUID();
  for (let tries = 0; ; tries++) {
    try {
      await fs.writeFile(file, JSON.stringify({ pid: process.pid, startedAt: Date.now(), token }), {
        flag: 'wx',
      });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = await holder(file);
      // Stale: its process is gone, or it stayed empty for a minute (the writer died mid-write).
      const age = Date.now() - ((await fs.stat(file).catch(() => undefined))?.mtimeMs ?? 0);
      const live = pid !== undefined ? pidAlive(pid) : age < 60_000;
      if (tries > 0 || live)
        throw new BarcatError(
          'LOCKED',
          `another "barcat update" is running on this catalog (pid ${pid ?? 'unknown'}); wait for it to finish, then run again`,
          { reason: 'UPDATE_RUNNING', pid },
        );
      await fs.rm(file, { force: true });
    }
  }
  return async () => {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (text.includes(token)) await fs.rm(file, { force: true });
  };
}
