import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isInsideCatalog } from '../../../plumbing/inside';
import { pidAlive } from '../../../plumbing/pid-alive';
import { readDirSafe } from '../disk/fsutil';
import { BARS_DIR, isOurTempFile, QUARANTINE_DIR, seriesDir } from '../disk/layout';
import { seriesOnDisk } from '../disk/series-on-disk';
import { isDeadStaging, STAGING_DIR } from '../write/staging';

// What dead processes left behind, found and removed apart from the sweep (sweep.ts re-exports
// them): opening a catalog looks for them every time, so a reader loads this and not the sweep.

// tempPathFor names a temp file `.<name>.<pid>-<rand>.tmp`: the pid says whose it is.
const TEMP_PID_RE = /\.(\d+)-[a-z0-9]+\.tmp$/;

/** Our temp file, written by a process that is gone: nobody will ever rename it. */
function isDeadTemp(name: string): boolean {
  const m = isOurTempFile(name) ? TEMP_PID_RE.exec(name) : null;
  if (!m) return false;
  const pid = Number(m[1]);
  return pid !== process.pid && !pidAlive(pid);
}

async function seriesFolders(root: string): Promise<string[]> {
  // Only folders that stay inside the catalog: a link out (or a loop) is never entered, let alone swept.
  return (await seriesOnDisk(root)).keys.map((k) => seriesDir(root, k));
}

/**
 * What processes that are gone left behind (a failed write on a full disk, a killed import): their
 * temp files in the catalog folder and its folders (and every series folder when asked; a write
 * cleans its own series anyway) and their staging folders. A live process's files are never
 * listed. Absolute paths.
 */
export async function findDeadLeftovers(root: string, opts: { seriesFolders: boolean }): Promise<string[]> {
  const skip = new Set([BARS_DIR, STAGING_DIR, QUARANTINE_DIR]);
  const dirs = [root];
  for (const name of await readDirSafe(root)) if (!skip.has(name)) dirs.push(path.join(root, name));
  if (opts.seriesFolders) dirs.push(...(await seriesFolders(root)));
  const found: string[] = [];
  for (const dir of dirs) {
    if (!isInsideCatalog(root, dir)) continue;
    // readDirSafe throws ENOTDIR for a plain file: those are simply not folders to look in.
    const names = await readDirSafe(dir).catch(() => []);
    for (const name of names) if (isDeadTemp(name)) found.push(path.join(dir, name));
  }
  const staging = path.join(root, STAGING_DIR);
  if (isInsideCatalog(root, staging))
    for (const name of await readDirSafe(staging))
      if (isDeadStaging(name)) found.push(path.join(staging, name));
  return found;
}

/** Removes what findDeadLeftovers lists; call holding the writer lock (see openCatalog). */
export async function removeDeadLeftovers(root: string, opts: { seriesFolders: boolean }): Promise<string[]> {
  const found = await findDeadLeftovers(root, opts);
  for (const f of found) await fs.rm(f, { recursive: true, force: true });
  // .staging itself goes when it is left empty.
  await fs.rmdir(path.join(root, STAGING_DIR)).catch(() => undefined);
  return found;
}
