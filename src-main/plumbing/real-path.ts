// Where a path really leads, for the checks that keep Barcat inside a folder (the catalog, the web
// host's uploads and exports). One rule everywhere: a dangling link is judged by where it points.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Whether `p` is `root` or below it (both absolute; compared as written). */
export function within(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * The real location of `p` (symlinks resolved); a missing tail is taken as named below its nearest
 * existing folder. Throws ELOOP for a loop of links.
 */
export function realOf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const parent = path.dirname(p);
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === p) throw err;
    // A dangling link is judged by where it points: creating through it would write there.
    if (isLink(p)) return realOf(path.resolve(parent, readlinkSync(p)));
    return path.join(realOf(parent), path.basename(p));
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
