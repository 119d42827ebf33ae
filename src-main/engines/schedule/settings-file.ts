// CATALOG/barcat-settings.json: base URLs, key references, groups and schedules, shared by the CLI
// (cron names the catalog, never the app's user folder) and the app. Keys are never in it: only the name
// of the environment variable that holds one, so a copied or shared catalog carries no secret.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  EMPTY_SHARED_SETTINGS,
  type SharedSettings,
  SharedSettingsSchema,
} from '../../../src-shared/domain/job-kinds/schedule';
import { BarcatError, parseJsonOr } from '../../plumbing/errors';
import { catalogPath, SHARED_SETTINGS_FILE, withSharedSettingsLock, writeFileAtomic } from '../catalog/index';

export { SHARED_SETTINGS_FILE };

/** The settings file, checked to stay inside the catalog (a link out of it is refused). */
export function sharedSettingsPath(catalogDir: string): string {
  return catalogPath(catalogDir, SHARED_SETTINGS_FILE);
}

/** Checks a settings file's text; the error names the file and each bad key, e.g. `schedules.0.rule.at`. */
export function parseSharedSettings(text: string, file: string): SharedSettings {
  const raw = parseJsonOr(
    text,
    (reason) => new BarcatError('BAD_INPUT', `${file}: not valid JSON (${reason}); fix or remove it`),
  );
  const parsed = SharedSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
  throw new BarcatError('BAD_INPUT', `${file}: ${where}`, {
    reason: 'BAD_SETTINGS',
    keys: parsed.error.issues.map((i) => i.path.join('.')),
  });
}

/** The catalog's shared settings; none written yet: the empty ones. */
export async function readSharedSettings(catalogDir: string): Promise<SharedSettings> {
  let file = path.join(catalogDir, SHARED_SETTINGS_FILE);
  let text: string;
  try {
    file = sharedSettingsPath(catalogDir);
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_SHARED_SETTINGS);
    throw err;
  }
  return parseSharedSettings(text, file);
}

/**
 * Reads, changes and writes the settings under a lock, so the app and a `barcat schedule add` at the
 * same moment do not drop each other's change. The change is validated before anything is written.
 */
export async function editSharedSettings(
  catalogDir: string,
  change: (s: SharedSettings) => void,
): Promise<SharedSettings> {
  const file = sharedSettingsPath(catalogDir);
  return withSharedSettingsLock(catalogDir, async () => {
    const s = await readSharedSettings(catalogDir);
    change(s);
    const checked = parseSharedSettings(JSON.stringify(s), file);
    await writeFileAtomic(file, `${JSON.stringify(checked, null, 2)}\n`);
    return checked;
  });
}
