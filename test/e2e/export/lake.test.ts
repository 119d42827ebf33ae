import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { openDialog } from '../dialogs';
import { holdRoute } from '../held-route';
import { screenshot, target } from '../launch';
import { appOnTempCatalog } from '../temp-app';

let dir: string;
const T0 = Date.UTC(2024, 0, 1);
const BARS = Array.from({ length: 240 }, (_, i) => ({
  ts: T0 + i * 60_000,
  open: 100 + i / 100,
  high: 100.5 + i / 100,
  low: 99.5 + i / 100,
  close: 100.25 + i / 100,
  volume: 1000 + i,
}));

const app = appOnTempCatalog(
  'barcat-e2e-lake-',
  async (catalogDir, tempDir) => {
    dir = tempDir;
    const catalog = await openCatalog(catalogDir);
    await catalog.write(
      { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
      batchFromBars(BARS),
      'merge',
    );
    await catalog.close();
  },
  { exportsInTemp: true },
);

describe('event windows from the app', () => {
  const lake = () => path.join(dir, 'lake');

  it('cuts the windows as a job, shows the seal, and verifies the lake', async () => {
    const { page } = app();
    const events = path.join(dir, 'events.csv');
    writeFileSync(
      events,
      'instrument,timestamp,event_id\nBINANCE:BTCUSDT:1m,2024-01-01T01:30:00Z,a\nBINANCE:BTCUSDT:1m,2024-01-01T02:00:00Z,b\n',
    );
    const dialog = await openDialog(page, 'windows');
    await dialog.getByLabel('Events file (CSV or Parquet)').setInputFiles(events);
    await dialog.getByLabel('Bars before').fill('2');
    await dialog.getByLabel('Bars from the event').fill('3');
    await dialog.getByLabel('Timeframe').selectOption('15m');
    await dialog.getByLabel('Output folder').fill(lake());
    await screenshot(page, 'windows-dialog');
    await dialog.getByTestId('windows-start').click();
    const job = dialog.getByTestId('windows-job');
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const seal = JSON.parse(readFileSync(path.join(lake(), 'manifest.json'), 'utf8')).seal as string;
    expect(await job.locator('div').first().textContent()).toBe(
      `2 events, 10 bars in 3 files written to ${lake()} (0 missing, 0 checked empty; seal ${seal})`,
    );
    await expect
      .poll(() => dialog.getByTestId('verify-ok').textContent(), { timeout: 30_000 })
      .toBe(`Verified: 3 files, 10 bars, 2 events as sealed (${seal})`);
    await screenshot(page, 'windows-done-verified');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  // Only the web host's start request can be held (page.route); the dialog is the same in Electron.
  it.skipIf(target() !== 'web')(
    'keeps Cut windows disabled while its start request is out, and gives it back when that fails',
    async () => {
      const { page } = app();
      const events = path.join(dir, 'held-events.csv');
      writeFileSync(events, 'instrument,timestamp,event_id\nBINANCE:BTCUSDT:1m,2024-01-01T01:30:00Z,a\n');
      const dialog = await openDialog(page, 'windows');
      await dialog.getByLabel('Events file (CSV or Parquet)').setInputFiles(events);
      await dialog.getByLabel('Output folder').fill(path.join(dir, 'held-lake'));
      // The request waits here until the button has been read, then fails as a lost connection.
      const url = '**/api/startWindowsExport';
      const hold = await holdRoute(page, url, (route) => route.abort());
      // A failure part way must not leave the route held or the dialog open over the next test.
      try {
        const start = dialog.getByTestId('windows-start');
        await Promise.all([page.waitForRequest(url, { timeout: 10_000 }), start.click()]);
        expect(await start.isDisabled()).toBe(true);

        hold.release();
        await expect
          .poll(() => dialog.getByTestId('windows-error').textContent())
          .toBe('The export could not start: the Barcat web host is not reachable; is it still running?');
        await expect.poll(() => start.isDisabled()).toBe(false);
        expect(await dialog.getByTestId('windows-job').count()).toBe(0);
      } finally {
        hold.release();
        await hold.unroute();
        await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      }
    },
  );

  it('Verify export names a part file with one flipped byte', async () => {
    const { page } = app();
    const bucket = readdirSync(path.join(lake(), 'bars'))[0]!;
    const rel = `bars/${bucket}/part-0000.parquet`;
    const file = path.join(lake(), ...rel.split('/'));
    const bytes = readFileSync(file);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(file, bytes);
    const dialog = await openDialog(page, 'verify-export', 'verify');
    await dialog.getByLabel('Export folder').fill(lake());
    await dialog.getByTestId('verify-start').click();
    const problems = dialog.getByTestId('verify-problems').locator('li');
    await expect.poll(() => problems.count(), { timeout: 30_000 }).toBe(1);
    expect(await problems.first().textContent()).toMatch(
      new RegExp(`^${rel.replace(/[.]/g, '\\.')}: differs from the manifest \\(`),
    );
    await screenshot(page, 'verify-export-flipped-byte');
  });
});
