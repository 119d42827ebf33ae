import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDukascopyServer } from '../../helpers/provider-server/vendors/dukascopy';
import { EURUSD_TICKS as TICKS } from '../../helpers/ticks/duka-ticks';
import { openDialog, startDialogJob } from '../dialogs';
import { screenshot, target } from '../launch';
import { appOnTempCatalog, serverForFile } from '../temp-app';

// Issue 16: Dukascopy ticks for a pair with one click, with bars built at the chosen price and
// timeframe, from a loopback stand-in serving the .bi5 files; the job shows in the dialog and the
// tick and bar series in their tables.

const server = serverForFile(() => startDukascopyServer({ EURUSD: TICKS }, { EURUSD: 100_000 }));
const app = appOnTempCatalog('barcat-e2e-duka-', async (_, dir) => {
  // The stand-in comes from the settings file: the web host calls no server a page names.
  writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ providers: { dukascopy: { baseUrl: server().bi5Base } } }),
  );
});

describe('Dukascopy ticks from the app', () => {
  it('downloads two days of EURUSD ticks and 1m mid bars as one job', async () => {
    const { page } = app();
    await page.getByTestId('welcome').waitFor();
    const dialog = await openDialog(page, 'duka');
    await dialog.getByLabel('Instrument').fill('XXXYYY');
    await dialog.getByLabel('From').fill('2024-03-04');
    await dialog.getByLabel('To').fill('2024-03-06');
    await dialog.getByTestId('duka-start').click();
    await expect
      .poll(() => dialog.getByTestId('duka-error').textContent())
      .toBe(
        'Barcat does not know the price scale of XXXYYY at Dukascopy, so it cannot read its ticks. Try a major FX pair, a metal or an index (EURUSD, XAUUSD, ...).',
      );

    await dialog.getByLabel('Instrument').fill('EURUSD');
    if (target() === 'web') {
      await dialog.getByLabel('Server').fill(server().bi5Base);
      await dialog.getByTestId('duka-start').click();
      await expect
        .poll(() => dialog.getByTestId('duka-error').textContent())
        .toBe(
          `This web host does not call a server named in the page (${server().bi5Base}). Leave Server empty: the host uses the Dukascopy server of its settings file, else Dukascopy's own.`,
        );
      await dialog.getByLabel('Server').fill('');
    }
    await dialog.getByLabel('Keep').selectOption('both');
    await dialog.getByLabel('Bar timeframe').selectOption('1m');
    await dialog.getByLabel('Price').selectOption('mid');
    await screenshot(page, 'duka-backfill-dialog');
    const job = await startDialogJob(dialog, 'duka');
    expect(await job.textContent()).toBe(
      'done: 48 of 48 hours (5 ticks written from 4 of 48 hours asked (0 already present); 5 empty spans recorded; DUKASCOPY:EURUSD:1m: 5 bars added, 0 replaced (ticks:DUKASCOPY:EURUSD:quotes price=mid volume = summed size))',
    );
    await screenshot(page, 'duka-backfill-done');
    await page.getByRole('button', { name: 'Close Dukascopy ticks' }).click();

    const tickRow = page.locator('[data-testid="tick-row"][data-id="DUKASCOPY:EURUSD:quotes"]');
    await expect.poll(() => tickRow.getByTestId('tick-count').textContent(), { timeout: 30_000 }).toBe('5');
    const barRow = page.locator('[data-series-id="DUKASCOPY:EURUSD:1m"]');
    await expect.poll(() => barRow.locator('.col-rows').textContent(), { timeout: 30_000 }).toBe('5');
    await screenshot(page, 'duka-backfill-tables');
  });
});
