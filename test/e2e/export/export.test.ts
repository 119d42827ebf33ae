import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  arrowToBatch,
  batchFromBars,
  batchToBars,
  openCatalog,
} from '../../../src-main/engines/catalog/index';
import { openDialog } from '../dialogs';
import { dropForCard, enterOnCard, importAndClose } from '../drop';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

let dir: string;
const T0 = Date.UTC(2024, 2, 4, 14, 30);
// 14:30-15:15 with 15:10 missing: one gap, and a partial 15m bar when resampled.
const BARS = Array.from({ length: 45 }, (_, i) => {
  const p = 1.08123 + i / 10_000;
  return {
    ts: T0 + i * 60_000,
    open: p,
    high: p + 0.0007,
    low: p - 0.0005,
    close: p + 0.0002,
    volume: 100 + i * 3,
  };
}).filter((_, i) => i !== 40);
const SOURCE = { venue: 'OANDA', symbol: 'EURUSD', timeframe: '1m' } as const;

const app = appOnTempCatalog(
  'barcat-e2e-export-',
  async (catalogDir, tempDir) => {
    dir = tempDir;
    const catalog = await openCatalog(catalogDir);
    await catalog.write(SOURCE, batchFromBars(BARS), 'merge');
    await catalog.close();
  },
  { exportsInTemp: true },
);

async function barsOf(key: { venue: string; symbol: string; timeframe: '1m' }) {
  const catalog = await openCatalog(path.join(dir, 'catalog'), { create: false });
  try {
    return batchToBars(arrowToBatch(await catalog.query(key, undefined)));
  } finally {
    await catalog.close();
  }
}

describe('the bar view resamples on read', () => {
  it('shows 15m bars of a 1m series, the one with a gap inside marked partial', async () => {
    const { page } = app();
    await page.locator('[data-series-id="OANDA:EURUSD:1m"]').click();
    await page.getByTestId('bars-timeframe').selectOption('15m');
    const rows = page.getByTestId('bars-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByTestId('bars-table').locator('th').allTextContents()).toEqual([
      'ts',
      'open',
      'high',
      'low',
      'close',
      'volume',
      'complete',
    ]);
    expect(await rows.locator('td:first-child').allTextContents()).toEqual([
      '2024-03-04 14:30',
      '2024-03-04 14:45',
      '2024-03-04 15:00',
    ]);
    expect(await rows.locator('td:last-child').allTextContents()).toEqual(['full', 'full', 'partial']);
    expect(await page.getByTestId('bars-incomplete').textContent()).toBe(
      ' 1 of 3 partial: a gap inside the bucket',
    );
    await screenshot(page, 'bars-resampled-15m');
    await page.getByTestId('bars-timeframe').selectOption('');
    await expect.poll(() => rows.count()).toBe(12);
  });

  it("offers the gap chart's zoomed range to the Export dialog", async () => {
    const { page } = app();
    const shown = page.getByTestId('chart-range');
    const whole = await shown.textContent();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => shown.textContent()).not.toBe(whole);
    const zoomed = await shown.textContent();
    const dialog = await openDialog(page, 'export-series', 'export');
    // Escape closes it as the ✕ does; opened again, it offers the same range.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await openDialog(page, 'export-series', 'export');
    const range = dialog.locator('.export-fields label').filter({ hasText: "the gap chart's range" });
    await screenshot(page, 'export-dialog-range');
    expect(await range.textContent()).toBe(` only ${zoomed} (the gap chart's range)`);
    expect(await range.locator('input').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => shown.textContent()).toBe(whole);
  });
});

describe('export from the app', () => {
  it('refuses a folder inside the catalog, then writes the series as a job and imports back to the same bars', async () => {
    const { page } = app();
    await page.locator('[data-series-id="OANDA:EURUSD:1m"]').click();
    const dialog = await openDialog(page, 'export-series', 'export');
    expect(await dialog.getByTestId('export-series').locator('input:checked').count()).toBe(1);
    await dialog.getByLabel('Format').selectOption('tradingview');
    await dialog.getByLabel('Export folder').fill(path.join(dir, 'catalog', 'out'));
    await dialog.getByTestId('export-start').click();
    await expect
      .poll(() => dialog.getByTestId('export-error').textContent())
      .toBe(
        'That folder is inside the catalog. Choose a folder outside it: an export never writes into the catalog.',
      );

    const folder = path.join(dir, 'exports');
    await dialog.getByLabel('Export folder').fill(folder);
    await screenshot(page, 'export-dialog');
    await dialog.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);
    const job = page.locator('.job').filter({ hasText: 'Export 1 series as tradingview' });
    await expect
      .poll(() => job.textContent(), { timeout: 60_000 })
      .toContain(`1 file (44 bars) written to ${folder}: OANDA~EURUSD~1m.csv`);
    await screenshot(page, 'export-job-done');
    expect(readdirSync(folder)).toEqual(['OANDA~EURUSD~1m.csv']);
    const text = readFileSync(path.join(folder, 'OANDA~EURUSD~1m.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('time,open,high,low,close,Volume');

    // Back in through the app's own import, as another venue: the same bars.
    await page.getByTestId('jobs-button').click();
    const card = await dropForCard(page, [{ name: 'OANDA~EURUSD~1m.csv', content: text }]);
    await enterOnCard(card, 'Venue', 'BACK');
    await enterOnCard(card, 'Symbol', 'EURUSD');
    await expect.poll(() => card.locator('.file-head').textContent()).toContain('→ BACK:EURUSD:1m');
    await importAndClose(page);
    const row = page.locator('[data-series-id="BACK:EURUSD:1m"]');
    await row.waitFor();
    expect(await row.locator('.col-rows').textContent()).toBe('44');
    expect(await barsOf({ venue: 'BACK', symbol: 'EURUSD', timeframe: '1m' })).toEqual(await barsOf(SOURCE));
  });
});
