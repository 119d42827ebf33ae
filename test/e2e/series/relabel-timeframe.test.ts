import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { minuteBars, T0 } from '../../main/catalog/helpers';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const MIN = 60_000;

const app = appOnTempCatalog('barcat-e2e-relabel-', async (catalogDir) => {
  const cat = await openCatalog(catalogDir);
  // Five-minute bars imported as 1m, and true one-minute bars.
  await cat.write(
    parseSeriesId('BINANCE:BTCUSDT:1m'),
    batchFromBars(minuteBars(T0, 6, 100, 5 * MIN)),
    'merge',
  );
  await cat.write(parseSeriesId('BINANCE:ETHUSDT:1m'), batchFromBars(minuteBars(T0, 12)), 'merge');
  await cat.close();
});

async function relabel(id: string, tf: string) {
  const { page } = app();
  await page.locator(`[data-series-id="${id}"]`).click();
  await expect.poll(() => page.locator('.detail-head h2').textContent(), { timeout: 30_000 }).toBe(id);
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByTestId('rename-timeframe').fill(tf);
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
}

describe('change timeframe label in series management', () => {
  it('refuses 1-minute bars as 5m with the count at the field; relabels 5-minute bars labelled 1m', async () => {
    const { page } = app();
    await relabel('BINANCE:ETHUSDT:1m', '5m');
    const refused = page.locator('.rename-form .error-line');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      '9 bar(s) are not on the 5m grid (the first at 2024-01-31 23:01); the label stays as it is.',
    );
    await screenshot(page, '35-relabel-refused');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await relabel('BINANCE:BTCUSDT:1m', '5m');
    const row = page.locator('[data-series-id="BINANCE:BTCUSDT:5m"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.col-rows').textContent()).toBe('6');
    await page.locator('[data-series-id="BINANCE:BTCUSDT:1m"]').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('.detail-head h2').textContent(), { timeout: 30_000 })
      .toBe('BINANCE:BTCUSDT:5m');
    expect(await page.getByTestId('rename-followed').textContent()).toBe(
      'Renamed to BINANCE:BTCUSDT:5m: 6 bars written under the new label; the old series is in the trash.',
    );
    await screenshot(page, '36-relabelled');
    // Both ran as jobs of the Jobs panel: the refused one failed, the other done over its one partition.
    await page.getByTestId('jobs-button').click();
    const jobs = page.locator('[data-job-id]');
    await expect
      .poll(() => jobs.evaluateAll((els) => els.map((e) => e.getAttribute('data-job-state'))))
      .toEqual(['done', 'failed']);
    expect(await page.locator('.job-title').allTextContents()).toEqual([
      'Change the timeframe label of BINANCE:BTCUSDT:1m to 5m',
      'Change the timeframe label of BINANCE:ETHUSDT:1m to 5m',
    ]);
    expect(await jobs.first().locator('.job-meta span').first().textContent()).toBe('1 / 1 partitions');
  });
});
