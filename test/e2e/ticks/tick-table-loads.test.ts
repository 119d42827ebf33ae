import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocTicks, openCatalog, type QuoteTicks } from '../../../src-main/engines/catalog/index';
import { target } from '../launch';
import { appOnTempCatalog } from '../temp-app';

// The tick table asks main for the tick series once per catalog and once per event that changes them:
// picking a row (its coverage chart) does not list them again; opening another catalog does.
const us = (d: number, h: number) => Date.UTC(2024, 0, d, h) * 1000;

let other: string;

async function catalogWithTicks(catalogDir: string, symbol: string): Promise<void> {
  const cat = await openCatalog(catalogDir, { create: true });
  const ts = [us(2, 9), us(3, 10), us(5, 12)];
  const b = allocTicks('quotes', ts.length) as QuoteTicks;
  ts.forEach((t, i) => {
    b.ts[i] = t;
    b.bid[i] = 1.1;
    b.ask[i] = 1.1002;
  });
  await cat.ticks.write({ venue: 'DUKASCOPY', symbol, kind: 'quotes' }, b, { calendar: 'fx' });
  await cat.close();
}

// The app opens the EURUSD catalog; the GBPUSD one beside it is the other catalog a test opens.
const app = appOnTempCatalog('barcat-e2e-ticktable-', async (catalogDir, dir) => {
  other = path.join(dir, 'other');
  await catalogWithTicks(catalogDir, 'EURUSD');
  await catalogWithTicks(other, 'GBPUSD');
});

describe.skipIf(target() !== 'web')('tick table loads', () => {
  it('lists the tick series once at start, not on a click, and again when the catalog changes', async () => {
    const { page } = app();
    const row = page.locator('[data-testid="tick-row"][data-id="DUKASCOPY:EURUSD:quotes"]');
    // The first page's own list may still be on its way after goto: count from the reload on only.
    await row.waitFor({ timeout: 30_000 });
    let lists = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/listTickSeries') lists++;
    });
    await page.reload();
    await row.waitFor({ timeout: 30_000 });
    await page.getByTestId('series-table').waitFor();
    expect(lists).toBe(1);

    await row.click();
    await page.getByTestId('tick-coverage-summary').waitFor();
    await row.click();
    await page.getByTestId('tick-coverage').waitFor({ state: 'detached' });
    expect(lists).toBe(1);

    // Another catalog (as Settings does): main sends catalogChanged, and the table shows its ticks.
    const opened = (await page.evaluate(`fetch('/api/openCatalog', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-barcat-token': sessionStorage.getItem('barcat-token') },
      body: JSON.stringify({ dir: ${JSON.stringify(other)} }),
    }).then((r) => r.json())`)) as { ok: boolean };
    expect(opened.ok).toBe(true);
    await page
      .locator('[data-testid="tick-row"][data-id="DUKASCOPY:GBPUSD:quotes"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('tick-row').count()).toBe(1);
    expect(lists).toBe(2);
  });
});
