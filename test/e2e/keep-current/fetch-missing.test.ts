import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { HOUR } from '../../../src-shared/domain/timeframe';
import { expectedBars } from '../../helpers/provider-server/index';
import { screenshot } from '../launch';
import { appOnTempCatalog, standInForFile } from '../temp-app';

const T0 = Date.UTC(2024, 2, 4);
const SERIES = 'BINANCE:BTCUSDT:1h';

const provider = standInForFile();

const app = appOnTempCatalog('barcat-e2e-fetch-missing-', async (catalogDir, dir) => {
  const cat = await openCatalog(catalogDir);
  // Two days of hourly bars with 06:00-12:00 of the first day missing.
  const bars = expectedBars(provider().spec, 'BTCUSDT', HOUR, T0, T0 + 48 * HOUR, Date.now());
  await cat.write(
    { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1h' },
    batchFromBars(bars.filter((b) => b.ts < T0 + 6 * HOUR || b.ts >= T0 + 12 * HOUR)),
    'merge',
  );
  await cat.close();
  writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ defaultTimezone: 'UTC', providers: { 'binance-spot': { baseUrl: provider().url } } }),
  );
});

describe('Fetch missing', () => {
  it('fetches the missing bars of the range the chart shows as one job', async () => {
    const { page } = app();
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    await page.locator('[data-testid=gap-chart] .coverage-strip').first().waitFor();
    expect(await page.getByTestId('detail-gaps').textContent()).toBe('1');
    const button = page.getByTestId('fetch-missing');
    expect(await button.getAttribute('title')).toBe(
      'Fetch the 6 missing bars of the range shown from binance-spot (one job; what is stored or checked empty is not asked again)',
    );
    await screenshot(page, '15-fetch-missing');
    await button.click();
    await page.getByTestId('jobs-panel').waitFor();
    await page
      .locator('[data-job-state="done"]')
      .filter({ hasText: 'Backfill BINANCE:BTCUSDT:1h' })
      .waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('detail-gaps').textContent(), { timeout: 30_000 }).toBe('0');
    expect(await page.locator(`[data-series-id="${SERIES}"] .col-rows`).textContent()).toBe('48');
    expect(
      provider()
        .requests.filter((r) => r.path === '/api/v3/klines')
        .map((r) => Number(r.query.startTime)),
    ).toEqual([T0 + 6 * HOUR]);
    await expect.poll(() => page.getByTestId('fetch-missing').count()).toBe(0);
  });
});
