import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../build';
import { dropFiles, enterOnCard } from '../drop';
import { screenshot } from '../launch';
import { appWithProvider } from '../provider-app';

const REAL = path.resolve(repoRoot, '../shared/testdata/real');
const FILES = ['binance-kline/BTCUSDT-1h-2024-11.csv', 'binance-kline/BTCUSDT-1h-2025-01.csv'];
const SERIES = 'BINANCE:BTCUSDT:1h';

const env = appWithProvider('barcat-e2e-import-');

describe('drop a real CSV, see its gaps, backfill one with a click', () => {
  it('imports two dropped Binance files into one series', async () => {
    const { page } = env.app();
    await page.getByTestId('welcome').waitFor();
    await dropFiles(
      page,
      FILES.map((f) => ({ name: path.basename(f), content: readFileSync(path.join(REAL, f), 'latin1') })),
    );
    const cards = page.getByTestId('file-card');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('.file-card .badge').allTextContents()).toEqual(['ready', 'ready']);
    await screenshot(page, '06-import-preview');
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await screenshot(page, '07-import-summary');
    await page.getByRole('button', { name: 'Done' }).click();

    const row = page.locator(`[data-series-id="${SERIES}"]`);
    await row.waitFor();
    expect(await row.locator('.col-rows').textContent()).toBe('1,464');
  });

  it('shows the December gap between the two files in the chart and the list', async () => {
    const { page } = env.app();
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    await page.locator('[data-testid=gap-chart] .coverage-strip').first().waitFor();
    const gaps = page.getByTestId('gap-list').locator('.gap-row');
    await expect.poll(() => gaps.allTextContents()).toEqual(['2024-12-01 00:002025-01-01 00:0031d744 bars']);
    await screenshot(page, '08-gap-chart-after-import');
  });

  it('backfills the selected gap from the provider and the gap is gone', async () => {
    const { page } = env.app();

    await page.getByTestId('gap-list').locator('.gap-row').first().click();
    await page.getByRole('button', { name: 'Backfill this gap' }).click();
    await page.getByTestId('jobs-panel').waitFor();
    await page
      .locator('[data-job-state="done"]')
      .filter({ hasText: 'backfill' })
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, '09-backfill-job');
    await expect.poll(() => page.getByTestId('detail-gaps').textContent(), { timeout: 30_000 }).toBe('0');
    await expect.poll(() => page.getByTestId('gap-list').locator('.gap-row').count()).toBe(0);
    expect(await page.locator(`[data-series-id="${SERIES}"] .col-rows`).textContent()).toBe('2,208');
    await page.getByTestId('jobs-button').click();
    await screenshot(page, '10-after-backfill');
  });

  it('says in plain words why a file cannot be imported, and updates the preview when the user changes it', async () => {
    const { page } = env.app();
    const files = ['histdata-tick/quote_tick_data.csv', 'yahoo/orcl-1995-2014.txt'];
    await dropFiles(
      page,
      files.map((f) => ({ name: path.basename(f), content: readFileSync(path.join(REAL, f), 'latin1') })),
    );
    const cards = page.getByTestId('file-card');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(2);
    expect(await cards.nth(0).locator('.error-line').textContent()).toBe(
      'it looks like tick or quote data (4 columns: time and 3 values), not OHLC bars; import it as ticks with barcat import --ticks keep|bars|both',
    );
    expect(await page.getByTestId('start-import').textContent()).toBe('Import 1 file');
    await enterOnCard(cards.nth(1), 'Venue', 'NYSE');
    await expect.poll(() => cards.nth(1).locator('.file-head').textContent()).toContain('→ NYSE:ORCL:1d');
    await screenshot(page, '11-import-problems');
    await page.getByRole('button', { name: 'Close import' }).click();
    await expect.poll(() => page.getByTestId('import-dialog').count()).toBe(0);
  });
});
