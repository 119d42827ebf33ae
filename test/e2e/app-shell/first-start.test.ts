import { describe, expect, it } from 'vitest';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const app = appOnTempCatalog('barcat-e2e-start-');

describe('first start on an empty catalog', () => {
  it('offers sample data, then shows the table, the gap chart and the gaps', async () => {
    const { page } = app();
    await page.getByTestId('welcome').waitFor();
    await screenshot(page, '01-welcome');
    await page.getByRole('button', { name: 'Load sample data' }).click();

    const rows = page.locator('[data-series-id]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(6);
    await expect.poll(() => page.getByTestId('series-count').textContent()).toBe('6 series');

    await page.locator('[data-series-id="BINANCE:BTCUSDT:1h"]').click();
    await page.locator('[data-testid=gap-chart] .coverage-strip').first().waitFor();
    await expect.poll(() => page.getByTestId('detail-gaps').textContent()).toBe('3');
    const gapRows = page.getByTestId('gap-list').locator('.gap-row');
    expect(await gapRows.allTextContents()).toEqual([
      '2024-06-16 12:002024-06-19 12:003d72 bars',
      '2024-08-22 04:002024-08-22 09:005h5 bars',
      '2024-10-11 04:002024-10-12 10:001d 6h30 bars',
    ]);
    await screenshot(page, '02-table-and-gap-chart');

    // Hover over the first (three-day) gap: the tooltip names its exact range and missing bars.
    const box = (await page.getByTestId('gap-chart').boundingBox())!;
    const extentFrom = Date.UTC(2024, 5, 4);
    const extentTo = Date.UTC(2024, 11, 1);
    const x = box.x + 8 + ((Date.UTC(2024, 5, 18) - extentFrom) / (extentTo - extentFrom)) * (box.width - 16);
    await page.mouse.move(x, box.y + box.height / 2);
    const tip = page.locator('.tip-gap');
    await tip.waitFor();
    expect(await tip.textContent()).toContain('gap 2024-06-16 12:00 → 2024-06-19 12:00 · 72 bars · 3d');
    await screenshot(page, '03-gap-hover');
    await page.mouse.click(x, box.y + box.height / 2);
    await expect.poll(() => page.locator('.gap-row.selected').textContent()).toContain('2024-06-16 12:00');
    expect(await page.getByRole('button', { name: 'Backfill this gap' }).isEnabled()).toBe(true);
  });

  it('filters, sorts and moves through the table with the keyboard', async () => {
    const { page } = app();
    await page.getByLabel('Search series').fill('eth');
    await expect.poll(() => page.locator('[data-series-id]').count()).toBe(1);
    await page.getByLabel('Search series').fill('');
    await page.getByLabel('Timeframe', { exact: true }).selectOption('1h');
    await expect.poll(() => page.locator('[data-series-id]').count()).toBe(2);
    await page.getByLabel('Timeframe', { exact: true }).selectOption('');
    await page.getByRole('columnheader', { name: 'Rows' }).click();
    const first = await page.locator('[data-series-id]').first().getAttribute('data-series-id');
    expect(first).toBe('COINBASE:BTC-USD:1m');
    await page.locator('[data-series-id="COINBASE:BTC-USD:1m"]').click();
    await page.getByTestId('series-table').press('ArrowDown');
    await expect
      .poll(() => page.locator('.tr.selected').getAttribute('data-series-id'))
      .toBe('BINANCE:ETHUSDT:1h');
  });

  it('shows settings and the jobs panel', async () => {
    const { page } = app();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByTestId('settings-dialog').waitFor();
    await screenshot(page, '04-settings');
    await page.getByRole('button', { name: 'Close settings' }).click();
    await page.getByTestId('jobs-button').click();
    await page.locator('[data-job-state="done"]').first().waitFor();
    expect(await page.locator('.job-title').first().textContent()).toBe('Load sample data');
    await screenshot(page, '05-jobs');
  });

  it('fits the table in a 1024 px window without hiding a column, and explains each column', async () => {
    const { page } = app();
    await page.getByRole('button', { name: 'Close jobs' }).click();
    await page.setViewportSize({ width: 1024, height: 700 });
    const table = page.getByTestId('series-table');
    await expect.poll(() => table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    // No header or cell cut short: each shows its whole text.
    const clipped = await page
      .locator('.th, [data-series-id] [role=gridcell]')
      .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
    expect(clipped).toEqual([]);
    expect(await page.locator('.th').evaluateAll((ths) => ths.map((th) => th.getAttribute('title')))).toEqual(
      [
        'Exchange, broker or vendor the bars come from',
        'Instrument symbol at that venue',
        'Timeframe: the span of one bar (1m = one minute, 1d = one day)',
        'Open time of the first bar (UTC)',
        'Open time of the last bar (UTC)',
        'Bars stored',
        'Size of its Parquet files on disk',
        "Share of the calendar's trading time from first to last bar that has bars",
        'Missing ranges inside trading time, between the first and the last bar',
        'Ranges a provider was asked for and had no bars: checked empty, not counted as gaps',
        'Quality findings: spikes, stale runs, zero-volume runs, volume outliers, impossible values, bad timestamps, bars outside sessions, possible corporate actions (barcat quality); – not checked yet',
        'When bars of this series were last written (UTC)',
      ],
    );
    await screenshot(page, 'table-1024');
  });
});
