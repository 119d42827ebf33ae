import { describe, expect, it } from 'vitest';
import { installTransport } from '../../../src-renderer/api/client';
import { saveDbPassword } from '../../../src-renderer/features/db-import/db-password';
import { useCatalogStore } from '../../../src-renderer/stores/catalog';
import { fakeTransport } from '../fake-transport';

const URL = 'postgres://me@127.0.0.1:5432/bars';
const settings = (extra: Record<string, unknown>) => ({
  catalogDir: '/c',
  defaultTimezone: 'UTC',
  providers: {},
  keyStorage: 'session',
  ...extra,
});

describe('the database password field', () => {
  it('saves through the settings store, which then lists the password as saved', async () => {
    const { transport, calls } = fakeTransport({
      setSettings: () => settings({ dbPasswords: { [URL]: 'saved' } }),
    });
    installTransport(transport);
    useCatalogStore.setState({ settings: settings({}) as never });
    expect(await saveDbPassword(` ${URL} `, 'secret')).toEqual({
      saved: 'Password saved for this session only.',
    });
    expect(calls).toEqual([{ name: 'setSettings', input: { dbPasswords: { [URL]: 'secret' } } }]);
    expect(useCatalogStore.getState().settings?.dbPasswords).toEqual({ [URL]: 'saved' });
  });

  it('says the keychain when main keeps it there, and main’s refusal when it refuses', async () => {
    installTransport(
      fakeTransport({
        setSettings: () => settings({ keyStorage: 'safeStorage', dbPasswords: { [URL]: 'saved' } }),
      }).transport,
    );
    expect(await saveDbPassword(URL, 'secret')).toEqual({ saved: 'Password saved in the system keychain.' });
    installTransport(
      fakeTransport({
        setSettings: () => {
          throw new Error('the keychain is locked');
        },
      }).transport,
    );
    expect(await saveDbPassword(URL, 'secret')).toEqual({ error: 'the keychain is locked' });
    // A refused save leaves the settings the store had.
    expect(useCatalogStore.getState().settings?.keyStorage).toBe('safeStorage');
  });
});
