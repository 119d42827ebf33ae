import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ProviderServer, startProviderServer } from '../helpers/provider-server/index';
import type { ProviderServerOptions } from '../helpers/provider-server/types';
import type { AppHandle } from './launch';
import { appOnTempCatalog } from './temp-app';

/** The app on a fresh catalog beside a provider stand-in, for the whole file; read them inside tests. */
export function appWithProvider(
  prefix: string,
  opts: ProviderServerOptions = {},
): { app(): AppHandle; provider(): ProviderServer } {
  let provider: ProviderServer | undefined;
  beforeAll(async () => {
    provider = await startProviderServer(opts);
  });
  afterAll(async () => {
    await provider?.close();
  });
  // Registered after the stand-in's hooks: started after it, closed before it.
  const app = appOnTempCatalog(prefix);
  return { app, provider: () => provider as ProviderServer };
}

/** Points Binance spot (the first provider in Settings) at the stand-in, as a user would. */
export async function useStandIn(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByTestId('settings-dialog').locator('.provider input').first().fill(url);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.ok-line').waitFor();
  await page.getByRole('button', { name: 'Close settings' }).click();
}
