import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Pure rules of what the Electron window may load, call and open; window.ts applies them. The path
// module is a parameter so the Windows rules are tested with path.win32 on any machine.
type PathModule = typeof path.posix;

/** The file a file:// URL names, in `p`'s form (`C:\…` for win32, not `/C:/…`); null otherwise. */
export function fileOfUrl(url: string, p: PathModule = path): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? fileURLToPath(u, { windows: p === path.win32 }) : null;
  } catch {
    return null;
  }
}

/** path.relative of win32 ignores case, as Windows does; posix does not. */
function relative(root: string, file: string, p: PathModule): string {
  return p.relative(p.resolve(root), p.resolve(file));
}

/** The page our window may show, and the only frame whose IPC calls are served: our index.html. */
export function isIndexUrl(url: string, index: string, p: PathModule = path): boolean {
  const file = fileOfUrl(url, p);
  return file !== null && relative(index, file, p) === '';
}

/** Requests the window may make: the renderer's own files and DevTools; nothing else on disk or the net. */
export function requestAllowed(url: string, rendererDir: string, p: PathModule = path): boolean {
  if (url.startsWith('devtools://')) return true;
  const file = fileOfUrl(url, p);
  if (file === null) return false;
  const rel = relative(rendererDir, file, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${p.sep}`) && !p.isAbsolute(rel);
}

/** Sites a link may open in the user's browser: the providers' documentation and key pages. */
const EXTERNAL_HOSTS = new Set([
  'developers.binance.com',
  'www.binance.com',
  'data.binance.vision',
  'alpaca.markets',
  'docs.alpaca.markets',
  'app.alpaca.markets',
  'polygon.io',
  'massive.com',
]);

/** https on the default port to a listed host, with no user name or password in the URL. */
export function externalUrlAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' && u.port === '' && !u.username && !u.password && EXTERNAL_HOSTS.has(u.hostname)
    );
  } catch {
    return false;
  }
}
