import { describe, expect, it } from 'vitest';
import { dropForCard, dropOnFirstScreen, enterOnCard } from '../drop';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

// HistData's layout, one bad high price on line 3; 17:00 written, in July.
const NAME = 'DAT_ASCII_EURUSD_M1_202407.csv';
const CSV = [
  '20240702 170000;1.1;1.2;1.0;1.15;0',
  '20240702 170100;1.1;1.2;1.0;1.15;0',
  '20240702 170200;1.1;x;1.0;1.15;0',
  '20240702 170300;1.1;1.2;1.0;1.15;0',
].join('\n');

const app = appOnTempCatalog('barcat-e2e-plan-');

describe('the import dialog runs what it showed', () => {
  it('keeps the card on an unknown zone, reads UTC+2 as written, skips the bad row and closes when done', async () => {
    const { page } = app();
    const card = await dropOnFirstScreen(page, [{ name: NAME, content: CSV }]);
    expect(await card.getByTestId('zone-source').textContent()).toBe("the app's default zone");
    // Three bars of one day say nothing of nights and weekends: around the clock, as a suggestion.
    expect(await card.getByLabel('Calendar').inputValue()).toBe('24x7');
    expect(await card.getByTestId('calendar-source').textContent()).toBe('suggested by the bars');

    // HistData's own zone (EST all year) wins over the app's default once the preset is chosen.
    const preset = card
      .locator('label.field')
      .filter({ hasText: /^Preset/ })
      .locator('select');
    await preset.selectOption('histdata');
    await expect.poll(() => card.getByTestId('zone-source').textContent()).toBe("the preset's zone");
    expect(await card.getByLabel('Time zone').inputValue()).toBe('Etc/GMT+5');
    expect(await card.locator('table.mini tbody tr td').first().textContent()).toBe('2024-07-02 22:00');
    await preset.selectOption('');
    await expect.poll(() => card.getByTestId('zone-source').textContent()).toBe("the app's default zone");

    await enterOnCard(card, 'Time zone', 'Mars/Olympus');
    await card.getByTestId('zone-error').waitFor();
    expect(await card.getByTestId('zone-error').textContent()).toBe(
      'Not a time zone: pick one from the list, or write an offset like UTC+2 or -05:00.',
    );
    // Every field stays, the typed value too, and the file waits for a zone.
    expect(await card.getByLabel('Venue').inputValue()).toBe('CSV');
    expect(await card.getByLabel('Time zone').inputValue()).toBe('Mars/Olympus');
    expect(await card.locator('.badge').textContent()).toBe('needs attention');
    await screenshot(page, 'import-plan-bad-zone');

    await enterOnCard(card, 'Time zone', 'UTC+2');
    await expect
      .poll(() => card.locator('table.mini tbody tr td').first().textContent())
      .toBe('2024-07-02 15:00');
    expect(await card.getByTestId('zone-source').textContent()).toBe('chosen by you');

    await page.getByLabel('skip bad rows').check();
    await screenshot(page, 'import-plan-preview');
    await page.getByTestId('start-import').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Done' }).waitFor();
    expect(await result.locator('.import-files li').allTextContents()).toEqual([
      `${NAME} → CSV:EURUSD:1m: 3 added, 0 replaced, 0 removed, 1 bad row left out`,
    ]);
    expect(await result.getByTestId('import-rejections').locator('pre').textContent()).toBe(
      `${NAME} line 3, column #3: not a number ("x")`,
    );
    expect(await page.getByRole('button', { name: 'Cancel import' }).count()).toBe(0);
    await screenshot(page, 'import-plan-summary');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('import-dialog').count()).toBe(0);
    const row = page.locator('[data-series-id="CSV:EURUSD:1m"]');
    await row.waitFor();
    expect(await row.locator('.col-rows').textContent()).toBe('3');
  });

  it('offers to import again a file imported before, with the chosen mode', async () => {
    const { page } = app();
    const card = await dropForCard(page, [{ name: NAME, content: CSV }]);
    await enterOnCard(card, 'Time zone', 'UTC+2');
    await card.getByTestId('imported-before').waitFor();
    await page.getByLabel('skip bad rows').check();
    await page.locator('input[name=mode][value=overwrite]').check();
    await page.getByTestId('import-again').check();
    await screenshot(page, 'import-plan-again');
    await page.getByTestId('start-import').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('.import-files li').allTextContents()).toEqual([
      `${NAME} → CSV:EURUSD:1m: 0 added, 3 replaced, 0 removed, 1 bad row left out`,
    ]);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it("changes a series' calendar from its detail", async () => {
    const { page } = app();
    await page.locator('[data-series-id="CSV:EURUSD:1m"]').click();
    const calendar = page.getByTestId('detail-calendar');
    expect(await calendar.inputValue()).toBe('24x7');
    await calendar.selectOption('fx');
    // The select shows the stored calendar: it reads fx once the catalog says so.
    await expect.poll(() => calendar.inputValue()).toBe('fx');
    await screenshot(page, 'import-plan-series-calendar');
  });
});
