import { describe, expect, it } from 'vitest';
import { openDialog, startDialogJob } from '../dialogs';
import { screenshot } from '../launch';
import { appWithProvider } from '../provider-app';

// Issue 13, app side: search a provider's symbols, add one with a range, watch its job, see the
// series in the table with its exact bar count; then update it to now from its detail.

const SERIES = 'BINANCE:BTCUSDT:1h';

const env = appWithProvider('barcat-e2e-add-', { delisted: ['LUNAUSDT'] });

describe('add a series from a provider', () => {
  it('searches, adds 2024-03-04 .. 2024-03-05 at 1h and shows 24 bars once the job is done', async () => {
    const { page } = env.app();
    await page.getByTestId('welcome').waitFor();

    const dialog = await openDialog(page, 'add-series');
    await dialog.getByLabel('Search symbols').fill('usdt');
    await dialog.getByRole('button', { name: 'Search' }).click();
    const results = dialog.getByTestId('symbol-results').locator('.symbol-row');
    await expect.poll(() => results.allInnerTexts()).toHaveLength(3);
    expect((await results.allInnerTexts()).map((t) => t.split(/\s+/).filter(Boolean))).toEqual([
      // Status badges are shown in capitals.
      ['BTCUSDT', 'BTC/USDT', 'crypto', 'BINANCE', 'TRADING'],
      ['ETHUSDT', 'ETH/USDT', 'crypto', 'BINANCE', 'TRADING'],
      ['LUNAUSDT', 'LUNA/USDT', 'crypto', 'BINANCE', 'DELISTED', '(HALT)'],
    ]);
    await results.filter({ hasText: 'BTCUSDT' }).click();
    await dialog.getByLabel('Timeframe').selectOption('1h');
    await dialog.getByLabel('From').fill('2024-03-04');
    await dialog.getByLabel('To').fill('2024-03-05');
    await screenshot(page, '30-add-series-dialog');
    const job = await startDialogJob(dialog, 'add-series');
    await expect.poll(() => job.textContent(), { timeout: 30_000 }).toMatch(/; 24 bars$/);
    await screenshot(page, '31-add-series-done');
    await page.getByRole('button', { name: 'Close add series' }).click();

    const row = page.locator(`[data-series-id="${SERIES}"]`);
    await row.waitFor();
    expect(await row.locator('.col-rows').textContent()).toBe('24');
    await screenshot(page, '32-added-series-in-table');
  });

  it('extends its history back a day from the series detail', async () => {
    const { page } = env.app();
    const row = page.locator(`[data-series-id="${SERIES}"]`);
    await row.click();
    const update = page.locator('.detail-pane').getByTestId('update-series');
    await update.getByLabel('Extend history back to (empty: first available bar)').fill('2024-03-03');
    await update.getByRole('button', { name: 'Extend history' }).click();
    await expect
      .poll(() => update.getByTestId('update-outcome').textContent(), { timeout: 60_000 })
      .toBe(`${SERIES}: done, 24 bars written`);
    await expect.poll(() => row.locator('.col-rows').textContent(), { timeout: 30_000 }).toBe('48');
    await screenshot(page, '33-extended-history');
  });

  it('extends the series the filters show, and only those', async () => {
    const { page } = env.app();
    const dialog = await openDialog(page, 'add-series');
    await dialog.getByLabel('Search symbols').fill('eth');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.locator('.symbol-row[data-symbol="ETHUSDT"]').click();
    await dialog.getByLabel('From').fill('2024-03-04');
    await dialog.getByLabel('To').fill('2024-03-05');
    await startDialogJob(dialog, 'add-series');
    // Escape closes it as the ✕ does (the first test closes it by its ✕).
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The Jobs panel the last update opened would cover the filters' right end.
    if (await page.getByTestId('jobs-panel').isVisible()) await page.getByTestId('jobs-button').click();
    await page.getByLabel('Search series').fill('ETH');
    const filters = page.locator('.filters').getByTestId('update-series');
    await filters.getByLabel('Extend history back to (empty: first available bar)').fill('2024-03-02');
    await filters.getByRole('button', { name: 'Extend history' }).click();
    await expect
      .poll(() => filters.getByTestId('update-outcome').textContent(), { timeout: 60_000 })
      .toBe('BINANCE:ETHUSDT:1h: done, 48 bars written');
    await page.getByLabel('Search series').fill('');
    const rows = (id: string) => page.locator(`[data-series-id="${id}"] .col-rows`).textContent();
    await expect.poll(() => rows('BINANCE:ETHUSDT:1h'), { timeout: 30_000 }).toBe('72');
    expect(await rows(SERIES)).toBe('48');
    await screenshot(page, '34-extended-shown-series');
  });
});
