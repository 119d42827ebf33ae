import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { DEFAULT_IBKR_SERIES } from '../../../src-shared/domain/ibkr';
import { SHEL_A, sessionBars } from '../../helpers/tws/data';
import { startTws } from '../../helpers/tws/session';
import { openDialog, startDialogJob } from '../dialogs';
import { screenshot } from '../launch';
import { appOnTempCatalog, serverForFile } from '../temp-app';

// An IBKR series whose symbol has two contracts: the user lists them once in the series' details,
// chooses one, sets what IB shows, and the backfill TWS receives asks for exactly that.
const DAY = 86_400_000;
const MON = Date.UTC(2024, 2, 4);
const SERIES = 'NYSE:SHEL:1d';

const tws = serverForFile(() => startTws({ now: () => Date.now(), headTimestamp: Date.UTC(2000, 0, 3) }));

const app = appOnTempCatalog('barcat-e2e-ibkr-', async (catalogDir, dir) => {
  const cat = await openCatalog(catalogDir);
  const key = { venue: 'NYSE', symbol: 'SHEL', timeframe: '1d' } as const;
  // Monday and Thursday: Tuesday and Wednesday are the gap.
  const bars = sessionBars(SHEL_A.conId, DAY, MON, MON + 4 * DAY, true);
  await cat.write(key, batchFromBars([bars[0]!, bars[3]!]), 'merge');
  await cat.setProvider?.(key, 'ibkr', DEFAULT_IBKR_SERIES);
  await cat.close();
  writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ defaultTimezone: 'UTC', providers: { ibkr: { baseUrl: tws().url() } } }),
  );
});

describe('an ambiguous IB contract, chosen once in the series details', () => {
  it('lists both SHEL contracts, keeps the chosen conId and whatToShow, and the backfill sends them', async () => {
    const { page } = app();
    await page.locator(`[data-series-id="${SERIES}"]`).click();
    const contract = page.getByTestId('ibkr-contract');
    expect(await contract.textContent()).toBe('STK · by symbol and venue');
    await page.getByTestId('ibkr-find-contracts').click();
    const rows = page.getByTestId('ibkr-candidate');
    await rows.nth(1).waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      '1001\tSTK\tSMART\tNYSE\tUSD\t\tSHELL PLC-ADR\tChoose',
      '1002\tSTK\tSMART\tNYSE\tUSD\t\tSHELL PLC-ADR WHEN ISSUED\tChoose',
    ]);
    await screenshot(page, '35-ibkr-contracts');
    await rows.nth(1).getByRole('button', { name: 'Choose' }).click();
    await expect.poll(() => contract.textContent()).toBe('STK · conId 1002');
    await page.getByTestId('ibkr-what-to-show').selectOption('MIDPOINT');
    await expect.poll(() => page.getByTestId('ibkr-what-to-show').inputValue()).toBe('MIDPOINT');

    await page.getByRole('button', { name: 'Backfill all gaps' }).click();
    await page
      .locator('[data-job-state="done"]')
      .filter({ hasText: `Backfill ${SERIES}` })
      .waitFor({ timeout: 60_000 });
    // Listing the contracts asked by symbol; the job by the chosen conId; its bars MIDPOINT in RTH.
    expect(
      tws()
        .requests.filter((r) => r.msgId === 9)
        .map((r) => r.fields.slice(3, 5)),
    ).toEqual([
      ['0', 'SHEL'],
      ['1002', ''],
    ]);
    expect(
      tws()
        .dataRequests()
        .map((r) => [r.msgId, r.fields[2], r.fields[18], r.fields[19]]),
    ).toEqual([[20, '1002', '1', 'MIDPOINT']]);
    expect(tws().violations).toEqual([]);
  });

  it('Add series searches TWS (reqMatchingSymbols) and keeps the contract picked among two', async () => {
    const { page } = app();
    const dialog = await openDialog(page, 'add-series');
    await dialog.getByLabel('Provider').selectOption('ibkr');
    await dialog.getByLabel('Search symbols').fill('SHEL');
    await dialog.getByRole('button', { name: 'Search' }).click();
    const results = dialog.getByTestId('symbol-results').locator('.symbol-row');
    await expect.poll(() => results.count()).toBe(2);
    expect((await results.allInnerTexts()).map((t) => t.split(/\s{2,}|\n/).filter(Boolean))).toEqual([
      ['SHEL', 'SHELL PLC-ADR', 'STK', 'NYSE · USD', 'TRADING'],
      ['SHEL', 'SHELL PLC-ADR WHEN ISSUED', 'STK', 'NYSE · USD', 'TRADING'],
    ]);
    await results.nth(1).click();
    await dialog.getByLabel('Timeframe').selectOption('1h');
    await dialog.getByLabel('From').fill('2024-03-04');
    await dialog.getByLabel('To').fill('2024-03-05');
    await screenshot(page, '36-ibkr-add-series');
    const before = tws().dataRequests().length;
    const job = await startDialogJob(dialog, 'add-series');
    expect(await job.textContent()).toMatch(/^NYSE:SHEL:1h: done/);
    expect(
      tws()
        .requests.filter((r) => r.msgId === 81)
        .map((r) => r.fields[2]),
    ).toEqual(['SHEL']);
    expect(
      tws()
        .dataRequests()
        .slice(before)
        .map((r) => [r.fields[2], r.fields[16], r.fields[19]]),
    ).toEqual([['1002', '1 hour', 'TRADES']]);
  });
});
