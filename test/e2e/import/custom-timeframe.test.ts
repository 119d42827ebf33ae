import { describe, expect, it } from 'vitest';
import { dropOnFirstScreen, enterOnCard, importAndClose } from '../drop';
import { appOnTempCatalog } from '../temp-app';

/** Two NYSE sessions of 10-minute bars (14:30-21:00 UTC in January); 11:00 and 11:10 New York of the second day missing. */
function tenMinuteCsv(): string {
  const rows = ['time,open,high,low,close,volume'];
  let i = 0;
  for (const day of ['2024-01-02', '2024-01-03']) {
    for (let ts = Date.parse(`${day}T14:30:00Z`); ts < Date.parse(`${day}T21:00:00Z`); ts += 600_000) {
      const iso = new Date(ts).toISOString();
      if (iso === '2024-01-03T16:00:00.000Z' || iso === '2024-01-03T16:10:00.000Z') continue;
      rows.push(`${iso},${100 + i},${101 + i},${99 + i},${100.5 + i},${10 + i}`);
      i++;
    }
  }
  return `${rows.join('\n')}\n`;
}

const app = appOnTempCatalog('barcat-e2e-tf-');

describe('a 10-minute vendor file in the app', () => {
  it('is previewed as 10m, takes any typed timeframe, imports, filters and shows its one gap', async () => {
    const { page } = app();
    const card = await dropOnFirstScreen(page, [{ name: 'AAPL.csv', content: tenMinuteCsv() }]);
    await enterOnCard(card, 'Venue', 'NYSE');
    const head = card.locator('.file-head');
    await expect.poll(() => head.textContent()).toContain('→ NYSE:AAPL:10m');
    const tf = card.getByLabel('Timeframe');
    expect(await tf.inputValue()).toBe('10m');

    await enterOnCard(card, 'Timeframe', '10x');
    await expect
      .poll(() => card.locator('.field .error-line').textContent())
      .toMatch(/^"10x" is not a timeframe: write a whole number and a unit/);
    expect(await head.textContent()).toContain('→ NYSE:AAPL:10m');

    await enterOnCard(card, 'Timeframe', '60m');
    await expect.poll(() => head.textContent()).toContain('→ NYSE:AAPL:1h');
    await enterOnCard(card, 'Timeframe', '10m');
    await expect.poll(() => head.textContent()).toContain('→ NYSE:AAPL:10m');

    await importAndClose(page);
    const row = page.locator('[data-series-id="NYSE:AAPL:10m"]');
    await row.waitFor();
    expect(await row.locator('.col-rows').textContent()).toBe('76');

    await page.getByLabel('Timeframe', { exact: true }).selectOption('10m');
    await expect.poll(() => page.locator('[data-series-id]').count()).toBe(1);
    await row.click();
    const gaps = page.getByTestId('gap-list').locator('.gap-row');
    await expect.poll(() => gaps.count()).toBe(1);
    expect(await gaps.first().textContent()).toBe('2024-01-03 16:002024-01-03 16:2020m2 bars');
  });
});
