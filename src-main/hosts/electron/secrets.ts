import { safeStorage } from 'electron';
import type { SecretStore } from '../../app/core/settings';

/** Provider keys encrypted with the OS keychain (Keychain, DPAPI, libsecret) before they touch disk. */
export function safeStorageSecrets(): SecretStore {
  return {
    kind: 'safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}
