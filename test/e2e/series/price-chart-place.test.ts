import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { grid, walk } from '../../main/quality/synthetic';
import { holdRoute } from '../held-route';
import { screenshot, target } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const T0 = Date.UTC(2024, 0, 1);
const ID = 'BINANCE:PLACE:1m';

const app = appOnTempCatalog('barcat-e2e-price-place-', async (catalogDir) => {
  const catalog = await openCatalog(catalogDir, { create: true });
  await catalog.write(
    { venue: 'BINANCE', symbol: 'PLACE', timeframe: '1m' },
    walk(grid(T0, 1440), 3),
    'merge',
  );
  await catalog.close();
});

// The gap chart's answer is held back on the web host's HTTP route until the price chart has drawn, so
// the gap chart always draws second (the order that moved the price chart under the user's pointer).
describe.skipIf(target() !== 'web')('the price chart keeps its place', () => {
  it('stays where it first drew when the gap chart above it draws', async () => {
    const { page } = app();
    const hold = await holdRoute(page, '**/api/gapChart', (route) => route.continue());
    await page.locator(`[data-series-id="${ID}"]`).click();
    await page.locator('[data-testid=price-chart] canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('price-resolution').textContent()).toBe('1m bars · 1,440 shown');
    expect(await page.getByTestId('gap-chart').count()).toBe(0);
    expect(await page.getByTestId('gap-chart-pending').count()).toBe(1);
    const first = (await page.getByTestId('price-chart').boundingBox())!;
    await screenshot(page, '14a-price-chart-before-gap-chart');

    hold.release();
    await page.getByTestId('gap-chart').waitFor();
    await hold.unroute();
    const after = (await page.getByTestId('price-chart').boundingBox())!;
    await screenshot(page, '14b-price-chart-after-gap-chart');
    expect(after).toEqual(first);
  });
});
