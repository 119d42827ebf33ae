import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import { HOUR } from '../../../src-shared/domain/timeframe';
import { screenshot } from '../launch';
import { appOnTempCatalog, standInForFile } from '../temp-app';
import { saveEverySchedule, seedScheduledCatalog, thisHour } from './helpers';

const BTC = 'BINANCE:BTCUSDT:1h';
const ETH = 'BINANCE:ETHUSDT:1h';
const AAPL = 'NASDAQ:AAPL:1h';

let catalogDir: string;
const provider = standInForFile();
const app = appOnTempCatalog('barcat-e2e-group-schedules-', async (c) => {
  catalogDir = c;
  // Two Binance series that stopped three hours ago, with their provider; a Nasdaq one the group leaves out.
  const hour = thisHour();
  const from = hour - 24 * HOUR;
  const to = hour - 3 * HOUR;
  await seedScheduledCatalog(catalogDir, provider(), [
    { id: BTC, symbol: 'BTCUSDT', from, to },
    { id: ETH, symbol: 'ETHUSDT', from, to },
    { id: AAPL, symbol: 'BTCUSDT', from, to },
  ]);
});

const settings = () => JSON.parse(readFileSync(sharedSettingsPath(catalogDir), 'utf8'));

describe('a group schedule made from the filters shown', () => {
  it('schedules the Binance series shown, runs them as one job, edits and removes the group schedule', async () => {
    const { page } = app();
    await page.locator(`[data-series-id="${AAPL}"]`).waitFor();
    await page.getByLabel('Venue').selectOption('BINANCE');
    await page.getByTestId('open-group-schedules').click();
    const dialog = page.getByTestId('group-schedules');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Group venue').inputValue()).toBe('BINANCE');
    expect(await dialog.getByTestId('group-matches').textContent()).toBe(
      `Matches 2 series now: ${BTC}, ${ETH}`,
    );
    await dialog.getByLabel('Group name').fill('binance');
    await saveEverySchedule(dialog, 60, 'save-group-schedule');

    const row = dialog.getByTestId('group-schedule-row');
    await row.waitFor();
    expect(await row.locator('.schedule-rule').textContent()).toBe('binance: Every 60 minutes');
    expect(await row.getByTestId('group-filter').textContent()).toBe('venue BINANCE (2 series now)');
    await expect
      .poll(() => row.getByTestId('schedule-last').textContent(), { timeout: 60_000 })
      .toMatch(/^Last run .*: up to date$/);
    expect(settings()).toMatchObject({
      groups: [{ name: 'binance', venue: 'BINANCE' }],
      schedules: [{ id: 'binance', target: { group: 'binance' }, rule: { kind: 'every', minutes: 60 } }],
    });
    await screenshot(page, '33-group-schedule');

    // Edit: every 120 minutes, only BTC.
    await row.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => dialog.getByLabel('Group name').inputValue()).toBe('binance');
    await dialog.getByLabel('Group symbol').fill('BTC*');
    expect(await dialog.getByTestId('group-matches').textContent()).toBe(`Matches 1 series now: ${BTC}`);
    await dialog.getByTestId('schedule-minutes').fill('120');
    await dialog.getByTestId('save-group-schedule').click();
    await expect.poll(() => row.locator('.schedule-rule').textContent()).toBe('binance: Every 120 minutes');
    expect(await row.getByTestId('group-filter').textContent()).toBe(
      'venue BINANCE, symbol BTC* (1 series now)',
    );

    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: /^Jobs/ }).click();
    const job = page
      .getByTestId('jobs-panel')
      .locator('[data-job-state="done"]')
      .filter({ hasText: 'Keep current: group binance (every 60 min)' });
    await job.waitFor({ timeout: 30_000 });
    expect(await job.locator('.job-message').textContent()).toMatch(/^2 series, [68] bars written$/);
    await page.getByRole('button', { name: 'Close jobs' }).click();

    await page.getByTestId('open-group-schedules').click();
    await dialog.getByTestId('group-schedule-row').getByRole('button', { name: 'Remove' }).click();
    await dialog.getByText('No group schedules yet.').waitFor();
    expect([settings().groups, settings().schedules]).toEqual([[], []]);
  });
});
