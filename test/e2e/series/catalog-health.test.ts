import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { minuteBars, T0 } from '../../main/catalog/helpers';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const DAMAGED = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-02.v1.parquet';

const app = appOnTempCatalog('barcat-e2e-health-', async (catalogDir) => {
  // The last hour of January, all of February, the first hour of March; February gets a flipped byte.
  const cat = await openCatalog(catalogDir);
  await cat.write(KEY, batchFromBars(minuteBars(T0, 60 + 29 * 1440 + 60)), 'merge');
  await cat.close();
  const file = path.join(catalogDir, DAMAGED);
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  writeFileSync(file, bytes);
});

describe('catalog health', () => {
  it('verifies the catalog from Settings and shows the quarantined file in Jobs', async () => {
    const { page } = app();
    const row = page.locator('[data-series-id="BINANCE:BTCUSDT:1m"]');
    await row.waitFor();
    expect(await row.locator('.col-gapCount').textContent()).toBe('0');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByTestId('catalog-health').waitFor();
    await screenshot(page, '12-catalog-health');
    await page.getByRole('button', { name: 'Verify catalog' }).click();

    await page.getByTestId('jobs-panel').waitFor();
    const job = page.locator('[data-job-id^="verify-"]');
    await job.and(page.locator('[data-job-state="done"]')).waitFor();
    expect(await job.locator('.job-title').textContent()).toBe('Verify catalog');
    expect(await job.locator('.job-message').textContent()).toBe(
      '2 of 3 partition files intact. 1 file moved to .quarantine (nothing deleted); the bars in it now show as gaps: backfill or re-import those ranges.',
    );
    const found = job.locator(`[data-quarantined="${DAMAGED}"]`);
    expect(await found.locator('div').nth(1).textContent()).toBe(
      'The file changed after it was written: its checksum no longer matches.',
    );
    expect(await found.locator('div').nth(2).textContent()).toBe(
      `Moved to .quarantine/${DAMAGED} (not deleted). 2024-02-01 00:00 → 2024-03-01 00:00 of BINANCE:BTCUSDT:1m now shows as a gap: backfill it or import that range again.`,
    );
    // February is now a gap in the table.
    await expect.poll(() => row.locator('.col-gapCount').textContent()).toBe('1');
    expect(await row.locator('.col-rows').textContent()).toBe('120');
    await screenshot(page, '13-verify-job');
  });
});
