import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTDATA_TICK_FILE, histdataTicks } from '../../helpers/ticks/histdata-ticks';
import { repoRoot } from '../build';
import { dropOnFirstScreen, enterOnCard } from '../drop';
import { SCREENSHOTS, screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const app = appOnTempCatalog('barcat-e2e-ticks-');

describe('tick files in the app', () => {
  it('a dropped HistData tick file: both at 1m from mid gives the tick series and the 1m bars', async () => {
    const { page } = app();
    const card = await dropOnFirstScreen(
      page,
      [{ name: HISTDATA_TICK_FILE, content: histdataTicks() }],
      'tick-file-card',
    );
    expect(await card.getByTestId('tick-card-detected').textContent()).toBe(
      'HistData ASCII ticks: quotes (bid and ask), times ymd-glued in UTC-5',
    );
    // 10:00 EST is 15:00 UTC; HistData has no sizes.
    expect(
      await card.getByTestId('tick-sample').locator('tbody tr').first().locator('td').allTextContents(),
    ).toEqual(['2024-01-02 15:00', '1.1', '1.1002', '–', '–']);
    expect(await card.getByTestId('tick-sample').locator('tbody tr').count()).toBe(5);
    expect(await card.getByTestId('tick-card-series').textContent()).toBe('→ HISTDATA:EURUSD:quotes');

    await card.getByLabel('both', { exact: true }).check();
    await expect
      .poll(() => card.locator('.error-line').textContent())
      .toBe('Choose the timeframe of the bars (1s or longer).');
    expect(await card.getByTestId('tick-price').inputValue()).toBe('mid');
    await enterOnCard(card, 'Timeframe', '1m');
    await expect.poll(() => card.locator('.file-head .badge').textContent()).toBe('ready');
    expect(await card.getByTestId('tick-card-series').textContent()).toBe(
      '→ HISTDATA:EURUSD:quotes and HISTDATA:EURUSD:1m',
    );
    await screenshot(page, 'tick-import-card');

    await page.getByTestId('start-import').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Done' }).waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toBe(
      '16 ticks and 4 bars written from 1 file (4 added, 0 replaced, 0 removed)',
    );
    expect(await result.locator('.import-files li').allTextContents()).toEqual([
      `${HISTDATA_TICK_FILE} → HISTDATA:EURUSD:1m: 16 ticks written, bars 4 added, 0 replaced, 0 removed`,
    ]);
    await screenshot(page, 'tick-import-summary');
    await page.getByRole('button', { name: 'Done' }).click();

    const bars = page.locator('[data-series-id="HISTDATA:EURUSD:1m"]');
    await bars.waitFor();
    expect(await bars.locator('.col-rows').textContent()).toBe('4');
    const ticks = page.locator('[data-testid="tick-row"][data-id="HISTDATA:EURUSD:quotes"]');
    await ticks.waitFor();
    expect(await ticks.locator('.badge').textContent()).toBe('quotes');
    expect(await ticks.getByTestId('tick-count').textContent()).toBe('16');
    // Wed 2024-01-03 is an FX session day without a tick: one gap, shown red in the strip.
    expect(await ticks.getByTestId('tick-gap-days').textContent()).toBe('1');
    expect(
      await ticks.locator('[data-testid="tick-strip"] span').evaluateAll((s) => s.map((e) => e.className)),
    ).toEqual(['seen', 'gap', 'seen']);
    await screenshot(page, 'tick-series-table');
    mkdirSync(path.join(repoRoot, 'docs/screenshots'), { recursive: true });
    copyFileSync(
      path.join(SCREENSHOTS, 'tick-series-table.png'),
      path.join(repoRoot, 'docs/screenshots/16-tick-series.png'),
    );
  });
});
