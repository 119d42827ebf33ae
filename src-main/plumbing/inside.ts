import { realpathSync } from 'node:fs';
import path from 'node:path';
import { BarcatError } from './errors';
import { realOf, within } from './real-path';

/**
 * The real location of `p` (symlinks resolved; a missing tail is taken as named, below its nearest
 * existing folder) when it lies inside the catalog `root`; otherwise a CORRUPT error naming it. Every
 * path built from catalog content goes through here before it is read, moved, written or deleted.
 */
export function insideCatalog(root: string, p: string): string {
  const realRoot = realRootOf(root);
  const lexical = path.resolve(root, p);
  let real: string;
  try {
    real = realOf(lexical);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
    throw new BarcatError(
      'CORRUPT',
      `${lexical} is a loop of symbolic links; remove that link, then run "barcat rebuild"`,
    );
  }
  if (!within(path.resolve(root), lexical) || !within(realRoot, real))
    throw new BarcatError(
      'CORRUPT',
      `${lexical} resolves to ${real}, outside the catalog ${realRoot}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"`,
    );
  return real;
}

// Every partition read checks its path: the catalog folder's own real location is resolved once.
const realRoots = new Map<string, string>();
function realRootOf(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync.native(root);
    realRoots.set(root, real);
  }
  return real;
}

/**
 * `root/...parts`, checked to stay inside the catalog (links resolved) before Barcat reads, writes or
 * deletes there: its own folders (quality/, jobs/, cache/, audit/) may have been replaced by a link.
 */
export function catalogPath(root: string, ...parts: string[]): string {
  const p = path.join(root, ...parts);
  insideCatalog(root, p);
  return p;
}

/**
 * Whether `p` is the catalog or below it, by its name or by its real location (links resolved): a
 * folder Barcat writes outside the catalog (an export) must be neither.
 */
export function reachesCatalog(root: string, p: string): boolean {
  const lexical = path.resolve(root, p);
  return within(path.resolve(root), lexical) || within(realRootOf(root), realOf(lexical));
}

/**
 * insideCatalog as a yes/no for listings and sweeps: false for a path leading out of the catalog,
 * whose reason goes to `outside` when given (a report lists it); other errors are thrown.
 */
export function isInsideCatalog(root: string, p: string, outside?: string[]): boolean {
  try {
    insideCatalog(root, p);
    return true;
  } catch (err) {
    if (!(err instanceof BarcatError)) throw err;
    outside?.push(err.message);
    return false;
  }
}
