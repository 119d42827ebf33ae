import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src-shared/domain/timeframe';
import { screenshot } from '../launch';
import { appOnTempCatalog, standInForFile } from '../temp-app';
import { saveEverySchedule, seedScheduledCatalog, thisHour } from './helpers';

const SERIES = 'BINANCE:BTCUSDT:1h';
const ETH = 'BINANCE:ETHUSDT:1h';

let lastStored: number;
const provider = standInForFile();
const app = appOnTempCatalog('barcat-e2e-schedules-', async (catalogDir) => {
  // Two series that stopped three hours ago, its provider set, and the provider's base URL in the
  // catalog's shared settings file (the same file `barcat schedule run-due` reads).
  const hour = thisHour();
  lastStored = hour - 4 * HOUR;
  await seedScheduledCatalog(catalogDir, provider(), [
    { id: SERIES, symbol: 'BTCUSDT', from: hour - 48 * HOUR, to: lastStored + HOUR },
    { id: ETH, symbol: 'ETHUSDT', from: hour - 48 * HOUR, to: lastStored + HOUR },
  ]);
});

describe('keep a series current on a schedule', () => {
  it('sets "every 60 minutes" in the series detail; the first run shows as a job in Jobs and the schedule shows its outcome', async () => {
    const { page } = app();
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    const section = page.getByTestId('series-schedule');
    await section.waitFor();
    await saveEverySchedule(section, 60, 'set-schedule');

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

  it('a run whose requests keep failing is a dead letter in Jobs; "Retry dead letters" retries it', async () => {
    const { page } = app();
    // Five server errors: the first request of ETHUSDT's run is parked after its five attempts.
    provider().inject({ kind: '500', times: 5, pathPrefix: '/api/v3/klines' });
    if (await page.getByTestId('jobs-panel').isVisible())
      await page.getByRole('button', { name: 'Close jobs' }).click();
    await page.locator(`[data-series-id="${ETH}"]`).click();
    const section = page.getByTestId('series-schedule');
    await expect.poll(() => page.locator('.detail-head h2').textContent()).toBe(ETH);
    await saveEverySchedule(section, 60, 'set-schedule');
    await expect
      .poll(() => section.getByTestId('schedule-last').textContent(), { timeout: 60_000 })
      .toMatch(/^Last run .*: failed — BINANCE:ETHUSDT:1h failed: /);
    expect(await section.getByTestId('schedule-backoff').textContent()).toMatch(
      /^Backing off \(failed runs in a row: 1\): not before \d{4}-/,
    );

    await page.getByRole('button', { name: /^Jobs/ }).click();
    const dead = page.getByTestId('dead-letters');
    await dead.waitFor({ timeout: 30_000 });
    expect(await dead.getByTestId('dead-letter').allTextContents()).toEqual([
      expect.stringMatching(/^parked: 1 BINANCE:ETHUSDT:1h: HTTP 500 server error: /),
    ]);
    await screenshot(page, '31-dead-letters');
    await dead.getByRole('button', { name: 'Retry dead letters' }).click();
    await page
      .getByTestId('jobs-panel')
      .locator('[data-job-state="done"]')
      .filter({ hasText: 'Retry dead letters' })
      .waitFor({ timeout: 60_000 });
    await dead.waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(page, '32-dead-letters-retried');
  });
});
