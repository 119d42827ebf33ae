// Base URLs and keys as the shared settings file gives them. A key is read from the environment
// variable the file names, at the moment it is needed, and never written or printed.
import type { ProviderName } from '../../../src-shared/domain/job';
import type { SharedSettings } from '../../../src-shared/domain/job-kinds/schedule';
import type { GetKey } from '../providers/types';

export function sharedBaseUrl(settings: SharedSettings, provider: ProviderName): string | undefined {
  return settings.providers[provider]?.baseUrl?.replace(/\/+$/, '');
}

/** The variables the file names for a provider, else `fallback` (the BARCAT_* variables, the app's keychain). */
export function sharedKeys(settings: SharedSettings, env: NodeJS.ProcessEnv, fallback: GetKey): GetKey {
  return async (provider) => {
    const p = settings.providers[provider];
    const secret = p?.keyEnv ? env[p.keyEnv] : undefined;
    if (!secret) return fallback(provider);
    const id = p?.keyIdEnv ? env[p.keyIdEnv] : undefined;
    return id ? { id, secret } : { secret };
  };
}
