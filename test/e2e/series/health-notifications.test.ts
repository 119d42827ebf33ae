import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, jobsDir, openCatalog, writeJobFile } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { floorToTimeframe, HOUR } from '../../../src-shared/domain/timeframe';
import { jobView } from '../../helpers/job-view';
import { screenshot, target } from '../launch';
import { appOnTempCatalog } from '../temp-app';

// The OS notification itself is not observable: an init script wraps window.Notification and records
// each construction, with the permission granted through playwright's context.
const BTC = 'BINANCE:BTCUSDT:1h';
const ETH = 'BINANCE:ETHUSDT:1h';
const bar = (ts: number) => ({ ts, open: 10, high: 11, low: 9, close: 10.5, volume: 100 });
const FAILED: Record<string, string> = {
  [BTC]: 'Binance spot answered HTTP 500 five times; parked 1 range',
  [ETH]: 'Binance spot refused the request (HTTP 400: bad symbol)',
};

type Note = { title: string; body: string | undefined; tag: string | undefined };
/** Runs before the page's scripts: the app constructs this class as it would the browser's. */
const RECORD_NOTIFICATIONS = `
  window.barcatNotes = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.barcatNotes.push({ title, body: options?.body, tag: options?.tag });
    }
    static get permission() { return Real.permission; }
    static requestPermission() { return Real.requestPermission(); }
  }
  window.Notification = Recorded;
`;

let catalogDir: string;

const app = appOnTempCatalog('barcat-e2e-health-notify-', async (appCatalogDir) => {
  catalogDir = appCatalogDir;
  const cat = await openCatalog(catalogDir);
  // Two current series whose last update failed: their only problem is update_failed (no clock in the text).
  const lastClosed = floorToTimeframe(Date.now(), '1h') - HOUR;
  for (const [i, id] of [BTC, ETH].entries()) {
    await cat.write(
      parseSeriesId(id),
      batchFromBars([2, 1, 0].map((h) => bar(lastClosed - h * HOUR))),
      'merge',
    );
    const view = jobView({
      id: `bf-failed-${i}`,
      kind: 'backfill',
      state: 'failed',
      seriesIds: [id],
      message: FAILED[id],
    });
    writeJobFile(jobsDir(catalogDir), { view, ownerPid: null });
  }
  await cat.close();
});
// After appOnTempCatalog's own beforeAll (hooks run in order): notifications granted and recorded.
beforeAll(async () => {
  const context = app().page.context();
  await context.grantPermissions(['notifications']);
  await context.addInitScript({ content: RECORD_NOTIFICATIONS });
  await app().page.reload();
});

const notes = () => app().page.evaluate<Note[]>('window.barcatNotes');

/** Each job that ends makes the app check health at once: a verify run is the check, in the UI. */
async function verifyCatalog(n: number) {
  const { page } = app();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Verify catalog' }).click();
  await page
    .locator('[data-job-id^="verify-"][data-job-state="done"]')
    .nth(n - 1)
    .waitFor();
  await page.getByRole('button', { name: 'Close jobs' }).click();
}

async function setNotify(id: string, on: boolean) {
  const { page } = app();
  await page.locator(`[data-series-id="${id}"]`).click();
  await expect.poll(() => page.locator('.detail-head h2').textContent(), { timeout: 30_000 }).toBe(id);
  const toggle = page.getByTestId('notify-toggle');
  await toggle.click();
  // Checked once the series list re-read after the change says so.
  await expect.poll(() => toggle.isChecked(), { timeout: 30_000 }).toBe(on);
}

describe('health alerts as browser notifications', () => {
  it.skipIf(target() === 'electron')(
    'an alert makes a Notification with the exact title and body; turned off, the series notifies no more',
    async () => {
      expect(await app().page.evaluate('Notification.permission')).toBe('granted');
      await setNotify(BTC, true);
      await verifyCatalog(1);
      await expect.poll(notes).toEqual([
        {
          title: `Barcat: ${BTC}`,
          body: `The last update failed: ${FAILED[BTC]}; see it in Jobs`,
          tag: BTC,
        },
      ]);
      await screenshot(app().page, '34-notify-on');

      // Off: BTC's next failed update (a new problem, which "on" would tell) sends nothing; ETH turned
      // on is told at the next check, so checks still run and notify.
      await setNotify(BTC, false);
      const again = jobView({
        id: 'bf-failed-again',
        kind: 'backfill',
        state: 'failed',
        createdAt: Date.now(),
        seriesIds: [BTC],
        message: 'Binance spot refused the request (HTTP 418: banned)',
      });
      writeJobFile(jobsDir(catalogDir), { view: again, ownerPid: null });
      await verifyCatalog(2);
      await setNotify(ETH, true);
      await verifyCatalog(3);
      await expect.poll(notes, { timeout: 30_000 }).toEqual([
        { title: `Barcat: ${BTC}`, body: `The last update failed: ${FAILED[BTC]}; see it in Jobs`, tag: BTC },
        { title: `Barcat: ${ETH}`, body: `The last update failed: ${FAILED[ETH]}; see it in Jobs`, tag: ETH },
      ]);
    },
  );
});
