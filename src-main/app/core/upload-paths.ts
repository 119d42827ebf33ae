import path from 'node:path';
import type { SettingsProblem } from '../../../src-shared/domain/settings/settings-problem';
import { BarcatError } from '../../plumbing/errors';
import { realOf, within } from '../../plumbing/real-path';

/**
 * `p` lies in `root` (or is it, when `rootToo`) by its name and by its real location, with the
 * catalog's rule: a dangling link is judged by where it points; a loop of links never passes.
 */
function leadsWithin(root: string, p: string, rootToo: boolean): boolean {
  if (!within(root, p) || (!rootToo && p === root)) return false;
  try {
    const [realRoot, real] = [realOf(root), realOf(p)];
    return within(realRoot, real) && (rootToo || real !== realRoot);
  } catch {
    return false;
  }
}

/**
 * With an upload folder (the web host), imports read only the files uploaded there: a page must not
 * be able to name any file the process can read. The path is checked as written and with links
 * resolved. Without one (Electron, tests) the user picked the files.
 */
export function refuseUnlessUploaded(uploadDir: string | null, paths: string[]): void {
  if (uploadDir === null) return;
  const root = path.resolve(uploadDir);
  for (const p of paths) {
    const file = path.resolve(p);
    const ok = leadsWithin(root, file, false);
    if (!ok)
      throw new BarcatError(
        'BAD_INPUT',
        `${p} was not uploaded to this web host; drop the file on the Barcat page to import it`,
        { reason: 'NOT_UPLOADED', path: p },
      );
  }
}

/**
 * With an upload folder (the web host), a request names no server for a job to call: a page must not
 * point the process at any host it can reach (loopback services, the local network). The server comes
 * from the settings file, as for every provider job. Without one (Electron, tests) the user typed it.
 */
export function refusePageServer(uploadDir: string | null, url: string | undefined): void {
  if (uploadDir === null || url === undefined) return;
  throw new BarcatError(
    'BAD_INPUT',
    `this web host does not call a server a page names (${url}); set the server in settings.json beside the web host's data instead`,
    { reason: 'PAGE_SERVER', baseUrl: url },
  );
}

/**
 * With an upload folder (the web host), exports write only inside its exports folder: a page must
 * not make folders or files anywhere the process can write. Checked as written and with links
 * resolved. Without one (Electron, tests) the user picked the folder.
 */
export function refuseOutsideExports(
  uploadDir: string | null,
  exportDir: string | null,
  folder: string,
): void {
  if (uploadDir === null) return;
  const root = exportDir === null ? null : path.resolve(exportDir);
  const p = path.resolve(folder);
  const ok = root !== null && leadsWithin(root, p, true);
  if (!ok)
    throw new BarcatError(
      'BAD_INPUT',
      `${folder} is outside this web host's exports folder${root ? ` ${root}` : ''}; export to a folder inside it`,
      { reason: 'OUTSIDE_EXPORTS', path: folder },
    );
}

/**
 * With a catalogs root (the web host), a page creates and opens catalogs only in a folder inside it:
 * it must not make a catalog (folders, files) anywhere the process can write, nor read or write one
 * anywhere it can reach. The catalog the host was started on (`startup`, named by whoever ran it) may
 * be opened again. Checked as written and with links resolved; the refusal is a settings problem the
 * renderer words.
 */
export function refuseCatalogOutsideRoot(
  catalogsRoot: string | null,
  dir: string,
  use: 'create' | 'open' = 'create',
  startup: string | null = null,
): void {
  if (catalogsRoot === null) return;
  const root = path.resolve(catalogsRoot);
  if (!path.isAbsolute(dir)) return; // CatalogState refuses it as a relative path, naming that.
  const p = path.resolve(dir);
  if (leadsWithin(root, p, false)) return;
  if (use === 'open' && startup !== null && p === path.resolve(startup)) return;
  const problem: SettingsProblem =
    use === 'create'
      ? { reason: 'outside-catalogs-root', dir, root }
      : { reason: 'open-outside-catalogs-root', dir, root };
  throw new BarcatError(
    'BAD_INPUT',
    `${dir} is outside this web host's catalogs folder ${root}; ${use === 'create' ? 'create' : 'open'} a catalog in a folder inside it`,
    problem,
  );
}
