import { useCatalogStore } from '../../stores/catalog';

/** What saving a connection's password says: where it went, or why it was refused. */
export type DbPasswordOutcome = { saved: string } | { error: string };

/**
 * Saves the password of the connection at `url` through the settings store (as every setting is
 * saved), so the store's settings list it as saved; the words say where main keeps it.
 */
export async function saveDbPassword(url: string, password: string): Promise<DbPasswordOutcome> {
  const catalog = useCatalogStore.getState();
  const failed = await catalog.saveSettings({ dbPasswords: { [url.trim()]: password } });
  if (failed) return { error: failed.text };
  const where =
    useCatalogStore.getState().settings?.keyStorage === 'safeStorage'
      ? 'in the system keychain'
      : 'for this session only';
  return { saved: `Password saved ${where}.` };
}
