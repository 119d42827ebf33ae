// The catalog's settings keyed by series id: schedules in barcat-settings.json (engines/schedule) and
// health settings in health.json (engines/health). A rename moves the id in them under its own journal,
// so after a crash the series and its settings agree; the files' meaning stays with those engines.
import { promises as fs } from 'node:fs';
import { BarcatError, parseJsonOr } from '../../../plumbing/errors';
import { catalogPath } from '../../../plumbing/inside';
import { writeFileAtomic } from './fsutil';
import { readLock, takeFileLock } from './lock';

export const SHARED_SETTINGS_FILE = 'barcat-settings.json';
export const HEALTH_FILE = 'health.json';

/** Runs `fn` holding the settings file's lock, so the app and a CLI editing it at once keep both changes. */
export function withSharedSettingsLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  return withSettingsFileLock(root, SHARED_SETTINGS_FILE, fn);
}

/** The same for health.json: a rename moving a series' health settings and an edit of them both land. */
export function withHealthFileLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  return withSettingsFileLock(root, HEALTH_FILE, fn);
}

async function withSettingsFileLock<T>(root: string, file: string, fn: () => Promise<T>): Promise<T> {
  const lock = catalogPath(root, `${file}.lock`);
  const { info } = await takeFileLock(lock, { waitMs: 5000, pollMs: 25, signal: undefined });
  try {
    return await fn();
  } finally {
    if ((await readLock(lock))?.token === info.token) await fs.rm(lock, { force: true });
  }
}

interface SettingsShape {
  schedules?: { target?: { series?: string } }[];
}
interface HealthShape {
  series?: Record<string, unknown>;
}

/**
 * The schedules naming series `from` name `to`, and its health settings move to `to`. Run again, it
 * finds nothing left under `from` and writes nothing (rename recovery repeats it).
 */
export async function moveSeriesSettings(root: string, from: string, to: string): Promise<void> {
  await withSharedSettingsLock(root, () =>
    editJson<SettingsShape>(catalogPath(root, SHARED_SETTINGS_FILE), 2, (s) => {
      const moved = (s.schedules ?? []).filter((x) => x.target?.series === from);
      for (const x of moved) x.target = { series: to };
      return moved.length > 0;
    }),
  );
  await withHealthFileLock(root, () =>
    editJson<HealthShape>(catalogPath(root, HEALTH_FILE), 1, (h) => {
      const settings = h.series?.[from];
      if (!h.series || settings === undefined) return false;
      delete h.series[from];
      h.series[to] = settings;
      return true;
    }),
  );
}

/** Changes a JSON file in place when `change` says it changed something; an absent file is left absent. */
async function editJson<T>(file: string, indent: number, change: (json: T) => boolean): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const json = parseJsonOr(
    text,
    (reason) => new BarcatError('CORRUPT', `${file}: not valid JSON (${reason}); fix or remove it`),
  ) as T;
  if (change(json)) await writeFileAtomic(file, `${JSON.stringify(json, null, indent)}\n`);
}
