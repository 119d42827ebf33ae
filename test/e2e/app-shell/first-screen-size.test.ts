// The first screen's JavaScript: the bytes of every script the page loads until the series table
// shows and the network is idle. Charts and dialogs are split into chunks of their own that load
// when a series is shown or a dialog opened (React.lazy), so they are not part of it.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { minuteBatch } from '../../main/catalog/helpers';
import { appOnTempCatalog } from '../temp-app';

const FIRST_SCREEN_MAX_BYTES = 500 * 1024;
const app = appOnTempCatalog('barcat-e2e-first-screen-', async (catalogDir) => {
  const catalog = await openCatalog(catalogDir, {});
  await catalog.write(
    { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
    minuteBatch(Date.UTC(2024, 0, 1), 2 * 1440),
    'merge',
  );
  await catalog.close();
});

/**
 * Script file name (without its hash) -> bytes, for every script loaded from now on; `settled()`
 * waits for the bodies still arriving, so a check never runs on a half-filled map.
 */
function watchScripts(page: Page): { scripts: Map<string, number>; settled: () => Promise<void> } {
  const scripts = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    const name = path.basename(new URL(r.url()).pathname).replace(/-[\w-]{8}\.js$/, '.js');
    pending.push(r.body().then((b) => void scripts.set(name, b.length)));
  });
  return { scripts, settled: async () => void (await Promise.all(pending)) };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('first screen', () => {
  it(`loads under ${FIRST_SCREEN_MAX_BYTES / 1024} KB of JavaScript; charts and dialogs come later`, async () => {
    const { page } = app();
    const { scripts, settled } = watchScripts(page);
    // The page keeps its event stream open, so the network is never idle: wait for the table instead.
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('series-table').getByText('BTCUSDT').first().waitFor();
    await settled();
    console.log('first screen scripts', Object.fromEntries(scripts), total(scripts));
    expect(scripts.has('index.js')).toBe(true);
    expect(total(scripts)).toBeLessThan(FIRST_SCREEN_MAX_BYTES);
    for (const lazy of [
      'SettingsDialog.js',
      'ImportDialog.js',
      'ExportDialog.js',
      'GapChartView.js',
      'PriceChartView.js',
    ])
      expect(scripts.has(lazy)).toBe(false);

    // Opening Settings loads its chunk, and the dialog works.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByTestId('settings-dialog').waitFor();
    await settled();
    expect(scripts.has('SettingsDialog.js')).toBe(true);
  });
});
