import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { expectedBars } from '../../helpers/provider-server/index';
import { ohlcv } from '../../main/backfill/helpers';
import { grid, walk } from '../../main/quality/synthetic';
import { type AppHandle, screenshot } from '../launch';
import { appOnTempCatalog, standInForFile } from '../temp-app';

const T0 = Date.UTC(2024, 0, 1);
const SERIES = 'BINANCE:BAD:1m';
const KEY = { venue: 'BINANCE', symbol: 'BAD', timeframe: '1m' } as const;

const MIN = 60_000;
const T1 = Date.UTC(2024, 2, 4);
const BAD_TS = T1 + 60 * MIN;

const provider = standInForFile();
const app = appOnTempCatalog('barcat-e2e-undo-', async (catalogDir, dir) => {
  // A day of 1m bars with a planted spike (a low 10 % under the walk at bar 600), written by two imports:
  // the second adds the last 440 bars.
  const bars = walk(grid(T0, 1440), 3);
  bars.low[600] = bars.low[600]! * 0.9;
  const c = await openCatalog(catalogDir);
  const head = { ...bars, length: 1000 } as typeof bars;
  for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const)
    head[k] = bars[k].subarray(0, 1000);
  await c.write(KEY, head, 'merge', { source: 'import:first' });
  await c.write(KEY, bars, 'merge', { source: 'import:second' });
  // Two hours of the Binance stand-in's bars with one bad print (a low of zero) for the re-fetch.
  const truth = expectedBars(provider().spec, 'BTCUSDT', MIN, T1, T1 + 120 * MIN, Date.now());
  const planted = ohlcv(truth).map((b) => (b.ts === BAD_TS ? { ...b, low: 0 } : b));
  await c.write({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' }, batchFromBars(planted), 'merge');
  await c.close();
  // The stand-in comes from the settings file: the web host calls no server a page names.
  writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ version: 1, providers: { 'binance-spot': { baseUrl: provider().url } } }),
  );
});

const rowsText = async (page: AppHandle['page'], testId: string) =>
  (await page.getByTestId(testId).locator('tr').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('series management in the app', () => {
  it('drops the planted spike, sees the finding gone, and undo brings bar and finding back', async () => {
    const { page } = app();
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    const spike = page.getByTestId('finding-rows').locator('tr[data-check="spike"]');
    await spike.waitFor({ timeout: 30_000 });
    expect((await spike.textContent())?.replace(/\s+/g, ' ')).toContain('Spike2024-01-01 10:00');
    await screenshot(page, 'undo-01-spike-finding');
    await spike.getByTestId('drop-finding').click();
    await expect.poll(() => spike.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('detail-gaps').textContent(), { timeout: 30_000 }).toBe('1');
    await expect
      .poll(async () => (await rowsText(page, 'history-rows'))[0], { timeout: 30_000 })
      .toMatch(
        /^3 \(live\)Dropped bars \(quality fix\) [0-9a-f]{10}.*\+0 added, 0 replaced, 1 removed1,439$/,
      );
    await screenshot(page, 'undo-02-spike-dropped');
    await page.getByTestId('undo-last-write').click();
    await expect
      .poll(() => page.getByTestId('history-message').textContent(), { timeout: 30_000 })
      .toBe('Undone: 1,439 → 1,440 bars (1,440 restored, 1,439 removed).');
    await spike.waitFor();
    await expect.poll(() => page.getByTestId('detail-gaps').textContent(), { timeout: 30_000 }).toBe('0');
    await screenshot(page, 'undo-03-spike-back');
  });

  it('undoes the last import, deletes the series with confirmation and restores it from the trash', async () => {
    const { page } = app();
    await page.getByTestId('undo-last-write').click();
    await expect
      .poll(() => page.getByTestId('history-message').textContent())
      .toBe('Undone: 1,440 → 1,000 bars (1,000 restored, 1,440 removed).');
    // The history list re-reads after the undo's message: wait for it, not for the first paint.
    const history = async () =>
      (await rowsText(page, 'history-rows')).map((r) => r.replace(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?/, 'T'));
    await expect
      .poll(history)
      .toEqual([
        expect.stringMatching(
          /^5 \(live\)Import first · restored by undoT\+1,000 added, 0 replaced, 0 removed1,000$/,
        ),
        '0Empty series (before the first write)—0',
      ]);
    await screenshot(page, 'undo-04-import-undone');
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByTestId('delete-dialog');
    await dialog.waitFor();
    await screenshot(page, 'undo-05-delete-dialog');
    await dialog.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => page.locator(`[data-series-id="${SERIES}"]`).count()).toBe(0);
    const trash = page.getByTestId('trash-rows');
    await trash.waitFor();
    expect((await rowsText(page, 'trash-rows'))[0]).toMatch(/^BINANCE:BAD:1mdeleted [0-9: -]+1,000 bars/);
    await screenshot(page, 'undo-06-trash');
    await trash.getByRole('button', { name: 'Restore' }).click();
    await page.locator(`[data-series-id="${SERIES}"]`).waitFor();
    await expect.poll(() => page.getByTestId('trash-view').count()).toBe(0);
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    await expect.poll(async () => (await rowsText(page, 'history-rows')).length).toBe(2);
  });

  it('re-fetches a bad print from the provider, shows both versions side by side, and accepts the provider bars', async () => {
    const { page } = app();
    await page.locator('[data-series-id="BINANCE:BTCUSDT:1m"]').click();
    const bad = page.getByTestId('finding-rows').locator('tr[data-check="impossible"]');
    await bad.waitFor({ timeout: 30_000 });
    await bad.getByRole('button', { name: 'Re-fetch & compare' }).click();
    const cmp = page.getByTestId('refetch-comparison');
    await cmp.waitFor({ timeout: 30_000 });
    expect(await cmp.locator('.section-title').textContent()).toBe(
      'binance-spot vs. the catalog: 1 of 11 bars differ',
    );
    expect(await cmp.locator('tr.differs').count()).toBe(1);
    expect(await cmp.locator('tr.differs td').first().textContent()).toBe('2024-03-04 01:00');
    await cmp.scrollIntoViewIfNeeded();
    await screenshot(page, 'undo-07-refetch-compare');
    await cmp.getByRole('button', { name: "Accept binance-spot's bars" }).click();
    await expect.poll(() => bad.count()).toBe(0);
    await screenshot(page, 'undo-08-refetch-accepted');
    await page.getByTestId('undo-last-write').click();
    await bad.waitFor();
  });
});
