import os from 'node:os';
import path from 'node:path';

/** The per-user data folder the app and CLI share when no catalog is named. */
export function defaultCatalogDir(env: NodeJS.ProcessEnv): string {
  if (env.BARCAT_CATALOG) return path.resolve(env.BARCAT_CATALOG);
  const home = os.homedir();
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'Barcat', 'catalog');
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Barcat', 'catalog');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'barcat', 'catalog');
}
