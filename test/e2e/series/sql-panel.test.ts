import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../build';
import { type AppHandle, launchApp, screenshot } from '../launch';

let dir: string;
let app: AppHandle;

beforeAll(async () => {
  buildApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-e2e-sql-'));
  app = await launchApp({ catalogDir: path.join(dir, 'catalog'), dataDir: dir });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the SQL panel', () => {
  it('runs a read-only query over the catalog, shows only the rows in view, downloads CSV and refuses writes', async () => {
    const { page } = app;
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page
      .getByTestId('series-table')
      .waitFor()
      .catch(() => undefined);
    await page.getByTestId('sql-button').click();
    await page
      .getByTestId('sql-text')
      .fill("SELECT ts, close FROM bars WHERE symbol = 'BTCUSDT' AND timeframe = '1h' ORDER BY ts");
    await page.getByTestId('sql-run').click();
    await page.getByTestId('sql-count').waitFor();
    const count = Number(
      (await page.getByTestId('sql-count').textContent())?.split(' ')[0]?.replaceAll(',', ''),
    );
    expect(count).toBeGreaterThan(100);
    // Windowed: far fewer rows rendered than the answer holds.
    const rendered = await page.locator('.sql-result tbody tr td:first-child').count();
    expect(rendered).toBeLessThanOrEqual(20);
    await screenshot(page, 'sql-panel');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('sql-download').click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('ts,close');
    expect(csv).toHaveLength(count + 1);

    await page.getByTestId('sql-text').fill('DROP VIEW bars');
    await page.getByTestId('sql-run').click();
    expect(await page.getByTestId('sql-error').textContent()).toContain(
      'only SELECT (and EXPLAIN) statements run',
    );
  });
});
