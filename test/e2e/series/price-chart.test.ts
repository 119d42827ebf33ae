import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { refreshQuality } from '../../../src-main/engines/quality/index';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { grid, walk } from '../../main/quality/synthetic';
import { repoRoot } from '../build';
import { SCREENSHOTS, screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const T0 = Date.UTC(2024, 0, 1);
const KEY = { venue: 'BINANCE', symbol: 'SPIKE', timeframe: '1m' } as const;
const ID = 'BINANCE:SPIKE:1m';
/** A 10 % low wick on the second day at 10:00 UTC. */
const SPIKE = T0 + DAY + 600 * MINUTE;
/** Ten weeks of minutes: too many to draw, so the chart reads the stored 1h overview. */
const LONG = { venue: 'BINANCE', symbol: 'LONG', timeframe: '1m' } as const;
const NUM = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

let spikeLow: number;

const app = appOnTempCatalog('barcat-e2e-price-', async (catalogDir) => {
  // Two days of clean 1m bars with one planted spike, written through the catalog, quality checked.
  const catalog = await openCatalog(catalogDir, { create: true });
  const bars = walk(grid(T0, 2 * 1440), 3);
  const i = (SPIKE - T0) / MINUTE;
  bars.low[i] = bars.low[i]! * 0.9;
  spikeLow = bars.low[i]!;
  await catalog.write(KEY, bars, 'merge');
  await refreshQuality(catalog, KEY);
  await catalog.write(LONG, walk(grid(T0, 70 * 1440), 5), 'merge');
  await catalog.close();
});

describe('the price chart', () => {
  it('draws the series with its spike marked; clicking the finding shows the bars around it', async () => {
    const { page } = app();
    await page.locator(`[data-series-id="${ID}"]`).click();
    await page.locator('[data-testid=price-chart] canvas').first().waitFor();
    // Two days of minutes (2,880 bars) fit under the 3,000-bar cap: drawn as they are stored.
    await expect.poll(() => page.getByTestId('price-resolution').textContent()).toBe('1m bars · 2,880 shown');
    const findings = page.getByTestId('finding-list').locator('.finding-row');
    await expect.poll(() => findings.allTextContents()).toHaveLength(1);
    expect(await findings.first().textContent()).toMatch(/^Spike2024-01-02 10:00low1 bar/);
    await screenshot(page, '14-price-chart');
    // Drawing and sizing the chart never moved the shared time axis: the gap chart still shows it all.
    expect(await page.locator('.chart-toolbar .muted.mono').first().textContent()).toBe(
      '2024-01-01 00:00 → 2024-01-03 00:00',
    );
    expect(await page.getByTestId('price-resolution').textContent()).toBe('1m bars · 2,880 shown');

    // The wheel on the price chart zooms in: the shared axis moves, the gap chart follows, and the
    // price chart asks for the narrower range.
    // The gap chart's box is held while it loads, so the price chart is aimed where it first drew
    // (price-chart-place.test.ts).
    const box = (await page.getByTestId('price-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -300);
    const gapRange = page.locator('.chart-toolbar .muted.mono').first();
    await expect.poll(() => gapRange.textContent()).not.toBe('2024-01-01 00:00 → 2024-01-03 00:00');
    await expect
      .poll(async () =>
        Number((await page.getByTestId('price-resolution').textContent())!.split(' ')[3]!.replace(',', '')),
      )
      .toBeLessThan(2880);

    await findings.first().click();
    // Zoomed to the finding: 120 minutes around it.
    await expect.poll(() => page.getByTestId('price-resolution').textContent()).toBe('1m bars · 120 shown');
    const hit = page.locator('[data-testid=bar-browser] tr.hit');
    await expect.poll(() => hit.count()).toBe(1);
    const cells = await hit.locator('td').allTextContents();
    expect(cells.slice(0, 1)).toEqual(['2024-01-02 10:00']);
    expect(cells[3]).toBe(NUM.format(spikeLow));
    // Six bars before it and six from it on.
    const rows = await page.locator('[data-testid=bar-browser] tbody tr td:first-child').allTextContents();
    expect(rows).toEqual([
      '2024-01-02 09:54',
      '2024-01-02 09:55',
      '2024-01-02 09:56',
      '2024-01-02 09:57',
      '2024-01-02 09:58',
      '2024-01-02 09:59',
      '2024-01-02 10:00',
      '2024-01-02 10:01',
      '2024-01-02 10:02',
      '2024-01-02 10:03',
      '2024-01-02 10:04',
      '2024-01-02 10:05',
    ]);
    // Tall enough to show the charts and the bar browser at once.
    await page.setViewportSize({ width: 1440, height: 1400 });
    await screenshot(page, '15-price-chart-finding');
    mkdirSync(path.join(repoRoot, 'docs/screenshots'), { recursive: true });
    copyFileSync(
      path.join(SCREENSHOTS, '15-price-chart-finding.png'),
      path.join(repoRoot, 'docs/screenshots/14-price-chart.png'),
    );

    // The bar browser pages on from there and back.
    await page.getByRole('button', { name: 'Later ▶' }).click();
    await expect
      .poll(() => page.locator('[data-testid=bar-browser] tbody tr td:first-child').first().textContent())
      .toBe('2024-01-02 10:06');
    await page.getByRole('button', { name: '◀ Earlier' }).click();
    await expect
      .poll(() => page.locator('[data-testid=bar-browser] tbody tr td:first-child').first().textContent())
      .toBe('2024-01-02 09:54');
  });

  it('names the stored overview level the bars of a long series came from', async () => {
    const { page } = app();
    await page.locator('[data-series-id="BINANCE:LONG:1m"]').click();
    await expect
      .poll(() => page.getByTestId('price-resolution').textContent())
      .toBe('1h bars · 1,680 shown (from the stored 1h overview)');
  });
});
