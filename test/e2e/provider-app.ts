import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ProviderServer, startProviderServer } from '../helpers/provider-server/index';
import type { ProviderServerOptions } from '../helpers/provider-server/types';
import { buildApp } from './build';
import { type AppHandle, launchApp } from './launch';

/** The app on a fresh catalog beside a provider stand-in, for the whole file; read them inside tests. */
export function appWithProvider(
  prefix: string,
  opts: ProviderServerOptions = {},
): { app(): AppHandle; provider(): ProviderServer } {
  let dir = '';
  let app: AppHandle | undefined;
  let provider: ProviderServer | undefined;
  beforeAll(async () => {
    buildApp();
    provider = await startProviderServer(opts);
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    app = await launchApp({ catalogDir: path.join(dir, 'catalog'), dataDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    await provider?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return { app: () => app as AppHandle, provider: () => provider as ProviderServer };
}

/** Points Binance spot (the first provider in Settings) at the stand-in, as a user would. */
export async function useStandIn(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByTestId('settings-dialog').locator('.provider input').first().fill(url);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.ok-line').waitFor();
  await page.getByRole('button', { name: 'Close settings' }).click();
}
