import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { DAY, floorToTimeframe, HOUR } from '../../../src-shared/domain/timeframe';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const bar = (ts: number) => ({ ts, open: 10, high: 11, low: 9, close: 10.5, volume: 100 });

const app = appOnTempCatalog('barcat-e2e-series-health-', async (catalogDir) => {
  const cat = await openCatalog(catalogDir);
  // A stock series whose last bar is years behind: stale in any week.
  const aapl = { venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1d' } as const;
  const monday = Date.UTC(2024, 2, 4);
  await cat.write(aapl, batchFromBars([0, 1, 2, 3, 4].map((d) => bar(monday + d * DAY))), 'merge');
  await cat.setCalendar(aapl, 'xnas');
  // A crypto series whose last hourly bar closed within the last two hours: current.
  const eth = { venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1h' } as const;
  const lastClosed = floorToTimeframe(Date.now(), '1h') - HOUR;
  await cat.write(eth, batchFromBars([2, 1, 0].map((h) => bar(lastClosed - h * HOUR))), 'merge');
  await cat.close();
});

describe('series health in the availability table', () => {
  it('badges the stale series, and "Needs attention" shows only it', async () => {
    const { page } = app();
    const stale = page.locator('[data-series-id="NASDAQ:AAPL:1d"]');
    const current = page.locator('[data-series-id="BINANCE:ETHUSDT:1h"]');
    await stale.getByTestId('health-badge').waitFor();
    expect(await stale.getByTestId('health-badge').getAttribute('aria-label')).toBe('stale');
    expect(await stale.getByTestId('health-badge').getAttribute('title')).toMatch(
      /^Stale: \d+d( \d+h)? of trading time behind \(allowed 1d\)$/,
    );
    expect(await current.getByTestId('health-badge').count()).toBe(0);
    expect(await page.getByTestId('series-count').textContent()).toBe('2 series');

    await page.getByText('Needs attention (1)').click();
    expect(await page.getByTestId('attention-filter').isChecked()).toBe(true);
    expect(await page.getByTestId('series-count').textContent()).toBe('1 of 2 series');
    await current.waitFor({ state: 'detached' });
    expect(
      await page
        .locator('[data-series-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-series-id'))),
    ).toEqual(['NASDAQ:AAPL:1d']);
    await screenshot(page, '14-needs-attention');

    await page.getByTestId('attention-filter').uncheck();
    await current.waitFor();
    expect(await page.getByTestId('series-count').textContent()).toBe('2 series');
  });
});
