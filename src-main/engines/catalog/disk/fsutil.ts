import {
  closeSync,
  promises as fs,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { probed } from '../../../plumbing/entry-exists';
import { BarcatError } from '../../../plumbing/errors';
import { tempPathFor } from './layout';

/** fsync a directory so a rename inside it survives a power loss (no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open directories; renames there are durable enough for our purposes.
  } finally {
    await handle?.close();
  }
}

/**
 * Creates `file` (it must not exist), writes `data` and fsyncs it: durable before anything names it.
 * A failed write (a full disk) removes the partial file, and the error names `shownPath`.
 */
export async function writeNewFileSynced(
  file: string,
  data: Uint8Array | string,
  shownPath = file,
): Promise<void> {
  const handle = await fs.open(file, 'wx').catch((err: unknown) => {
    throw withPath(err, shownPath);
  });
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true }).catch(() => undefined);
    throw withPath(err, shownPath);
  }
  await handle.close();
}

/**
 * Sets the path a file-system error's message names (errors.ts): a FileHandle's errors carry none,
 * and a temp file's name means nothing to a person.
 */
export function withPath(err: unknown, file: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string') e.path = file;
  return err;
}

/** Writes bytes to a temp file in the target's folder and fsyncs it; returns the temp path. */
export async function writeTempFile(target: string, data: Uint8Array | string): Promise<string> {
  const tmp = tempPathFor(target);
  // A failure names the file being written, not its temp name.
  await writeNewFileSynced(tmp, data, target);
  return tmp;
}

/** Temp file + fsync + rename + fsync of the folder: readers see the old or the new content. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await writeTempFile(target, data);
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(target));
}

/** writeFileAtomic for callers that cannot wait (job files, written from sync job handles). */
export function writeFileAtomicSync(target: string, data: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw withPath(err, target);
  }
  fsyncDirSync(path.dirname(target));
}

function fsyncDirSync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // As fsyncDir: Windows cannot open directories.
  }
}

/** Whether `p` can be reached, links followed (entryExists asks about the link itself). */
export function exists(p: string): Promise<boolean> {
  return probed(fs.access(p));
}

export async function readDirSafe(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * A journal file parsed by `parse`, or undefined when there is none; an unreadable one is CORRUPT,
 * with `hint` saying what to do (journals are written atomically, so damage came from outside).
 */
export async function readJournalFile<T>(
  file: string,
  parse: (json: unknown) => T,
  hint: string,
): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return parse(JSON.parse(text));
  } catch (err) {
    throw new BarcatError('CORRUPT', `journal ${file} is unreadable (${(err as Error).message}); ${hint}`);
  }
}
