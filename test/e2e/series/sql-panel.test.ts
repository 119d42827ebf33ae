import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const app = appOnTempCatalog('barcat-e2e-sql-');

describe('the SQL panel', () => {
  it('runs a read-only query over the catalog, shows only the rows in view, downloads CSV and refuses writes', async () => {
    const { page } = app();
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page
      .getByTestId('series-table')
      .waitFor()
      .catch(() => undefined);
    await page.getByTestId('sql-button').click();
    // Escape closes only the dialogs that ask for it (Settings, Add series, Export): this one stays.
    const panel = page.getByTestId('sql-panel');
    await panel.waitFor();
    await page.keyboard.press('Escape');
    expect(await panel.isVisible()).toBe(true);
    await page
      .getByTestId('sql-text')
      .fill("SELECT ts, close FROM bars WHERE symbol = 'BTCUSDT' AND timeframe = '1h' ORDER BY ts");
    await page.getByTestId('sql-run').click();
    await page.getByTestId('sql-count').waitFor();
    const count = Number(
      (await page.getByTestId('sql-count').textContent())?.split(' ')[0]?.replaceAll(',', ''),
    );
    expect(count).toBeGreaterThan(100);
    // Windowed: far fewer rows rendered than the answer holds.
    const rendered = await page.locator('.sql-result tbody tr td:first-child').count();
    expect(rendered).toBeLessThanOrEqual(20);
    await screenshot(page, 'sql-panel');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('sql-download').click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('ts,close');
    expect(csv).toHaveLength(count + 1);

    await page.getByTestId('sql-text').fill('DROP VIEW bars');
    await page.getByTestId('sql-run').click();
    expect(await page.getByTestId('sql-error').textContent()).toContain(
      'only SELECT (and EXPLAIN) statements run',
    );
  });
});
