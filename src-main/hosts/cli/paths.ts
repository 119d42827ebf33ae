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

export interface StartupCatalog {
  dir: string;
  create: boolean;
  howToCreate: string;
}

/**
 * The catalog an app host opens at start. Only the default folder is created on first start: a named
 * one (--catalog or BARCAT_CATALOG) must exist unless --create is given, so a typo never becomes a catalog.
 */
export function startupCatalog(
  named: string | undefined,
  create: boolean,
  env: NodeJS.ProcessEnv,
): StartupCatalog {
  const explicit = named !== undefined || Boolean(env.BARCAT_CATALOG);
  return {
    dir: named !== undefined ? path.resolve(named) : defaultCatalogDir(env),
    create: create || !explicit,
    howToCreate: 'start with --create to create one',
  };
}
