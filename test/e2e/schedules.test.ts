import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBatch } from '../../src-main/engines/backfill/requests/validate';
import { openCatalog } from '../../src-main/engines/catalog/index';
import { sharedSettingsPath } from '../../src-main/engines/schedule/settings-file';
import { parseSeriesId } from '../../src-shared/domain/series';
import { expectedBars, startProviderServer } from '../helpers/provider-server/index';
import { buildApp } from './build';
import { type AppHandle, launchApp, screenshot } from './launch';

const SERIES = 'BINANCE:BTCUSDT:1h';
const HOUR = 3_600_000;

let dir: string;
let app: AppHandle;
let provider: Awaited<ReturnType<typeof startProviderServer>>;
let lastStored: number;

beforeAll(async () => {
  buildApp();
  provider = await startProviderServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-e2e-schedules-'));
  const catalogDir = path.join(dir, 'catalog');
  // A series that stopped three hours ago, its provider set, and the provider's base URL in the
  // catalog's shared settings file (the same file `barcat schedule run-due` reads).
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  lastStored = hour - 4 * HOUR;
  const catalog = await openCatalog(catalogDir, { create: true });
  const key = parseSeriesId(SERIES);
  await catalog.write(
    key,
    toBatch(expectedBars(provider.spec, 'BTCUSDT', HOUR, hour - 48 * HOUR, lastStored + HOUR, Date.now())),
    'merge',
  );
  await catalog.setProvider!(key, 'binance-spot');
  await catalog.close();
  writeFileSync(
    sharedSettingsPath(catalogDir),
    JSON.stringify({ version: 1, providers: { 'binance-spot': { baseUrl: provider.url } } }),
  );
  app = await launchApp({ catalogDir, dataDir: dir });
});
afterAll(async () => {
  await app?.close();
  await provider?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('keep a series current on a schedule', () => {
  it('sets "every 60 minutes" in the series detail; the first run shows as a job in Jobs and the schedule shows its outcome', async () => {
    const { page } = app;
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    const section = page.getByTestId('series-schedule');
    await section.waitFor();
    await section.getByTestId('schedule-kind').selectOption('every');
    await section.getByTestId('schedule-minutes').fill('60');
    await section.getByTestId('set-schedule').click();

    const row = section.getByTestId('schedule-row');
    await row.waitFor();
    expect(await row.locator('.schedule-rule').textContent()).toBe('Every 60 minutes');
    await expect
      .poll(() => row.getByTestId('schedule-last').textContent(), { timeout: 60_000 })
      .toMatch(/^Last run .*: up to date$/);
    expect(await row.getByTestId('schedule-next').textContent()).toMatch(
      /^Next run \d{4}-\d\d-\d\d \d\d:\d\d/,
    );

    await page.getByRole('button', { name: /^Jobs/ }).click();
    const job = page
      .getByTestId('jobs-panel')
      .locator('[data-job-state="done"]')
      .filter({ hasText: `Keep current: ${SERIES} (every 60 min)` });
    await job.waitFor({ timeout: 30_000 });
    expect(await job.locator('.job-message').textContent()).toMatch(/^1 series, [34] bars written$/);
    await expect
      .poll(async () =>
        Number(
          (await page.getByTestId('series-detail').locator('.stat-value').first().textContent())?.replace(
            /,/g,
            '',
          ),
        ),
      )
      .toBeGreaterThanOrEqual(48);
    await screenshot(page, '30-schedule-ran-as-job');
  });
});
