import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { BarcatError } from '../plumbing/errors';

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * With an upload folder (the web host), imports read only the files uploaded there: a page must not
 * be able to name any file the process can read. The path is checked as written and, when it
 * exists, with links resolved. Without one (Electron, tests) the user picked the files.
 */
export function refuseUnlessUploaded(uploadDir: string | null, paths: string[]): void {
  if (uploadDir === null) return;
  const root = path.resolve(uploadDir);
  for (const p of paths) {
    const file = path.resolve(p);
    const ok = inside(root, file) && (!existsSync(file) || inside(realpathSync(root), realpathSync(file)));
    if (!ok)
      throw new BarcatError(
        'BAD_INPUT',
        `${p} was not uploaded to this web host; drop the file on the Barcat page to import it`,
        { reason: 'NOT_UPLOADED', path: p },
      );
  }
}
