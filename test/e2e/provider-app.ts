import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProviderServer } from '../helpers/provider-server/index';
import type { ProviderServerOptions } from '../helpers/provider-server/types';
import type { AppHandle } from './launch';
import { appOnTempCatalog, standInForFile } from './temp-app';

/** The app on a fresh catalog beside a provider stand-in (Binance spot's server), for the whole file; read them inside tests. */
export function appWithProvider(
  prefix: string,
  opts: ProviderServerOptions = {},
): { app(): AppHandle; provider(): ProviderServer } {
  const provider = standInForFile(opts);
  // Binance spot points at the stand-in from the settings file: the web host calls no server a page names.
  const app = appOnTempCatalog(prefix, async (_catalogDir, dir) => {
    const providers = { 'binance-spot': { baseUrl: provider().url } };
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ version: 1, providers }));
  });
  return { app, provider };
}
