import { describe, expect, inject, it } from 'vitest';
import { screenshot } from '../e2e/launch';
import { appOnTempCatalog } from '../e2e/temp-app';
import { barsOf, barsTable, catalogBars, minuteRows } from './helpers';

const rows = [
  ...minuteRows('XNAS', 'AAPL', '2024-07-01T13:30:00Z', 3, 210),
  ...minuteRows('XNAS', 'NVDA', '2024-07-01T13:30:00Z', 2, 120),
];

let catalogDir: string;
// The seed fills the Postgres table the dialog imports from; the app's catalog starts empty.
const app = appOnTempCatalog('barcat-e2e-db-', async (appCatalogDir) => {
  catalogDir = appCatalogDir;
  await barsTable('dialog_bars', rows);
});

describe('the "Import from database" dialog in Chromium', () => {
  it('tests the connection, previews the first rows and imports them as a job', async () => {
    const { page } = app();
    await page.getByTestId('db-import-button').click();
    const dialog = page.getByTestId('db-import-dialog');
    await page.getByTestId('db-url').fill('postgres://u:secret@127.0.0.1:1/x');
    await page.getByTestId('db-test').click();
    expect(await page.getByTestId('db-error').textContent()).toContain('the database URL carries a password');
    await page.getByTestId('db-url').fill(inject('pgUrl'));
    await page.getByTestId('db-test').click();
    expect(await page.getByTestId('db-connected').textContent()).toBe(`Connected to ${inject('pgUrl')}`);
    // The password goes into the SecretStore (this session's memory in the browser) and is never shown again.
    await page.getByTestId('db-password').fill('dialog-secret-pw');
    await page.getByTestId('db-password-save').click();
    expect(await page.getByTestId('db-password-saved').textContent()).toBe(
      'Password saved for this session only.',
    );
    expect(await page.getByTestId('db-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain('dialog-secret-pw');
    await page.getByTestId('db-table').fill('dialog_bars');
    await page.getByTestId('db-preview').click();
    const table = page.getByTestId('db-preview-table');
    await table.waitFor();
    expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual([
      'XNAS:AAPL:1m@2024-07-01T13:30:00.000Z',
      'XNAS:NVDA:1m@2024-07-01T13:30:00.000Z',
      'XNAS:AAPL:1m@2024-07-01T13:31:00.000Z',
      'XNAS:NVDA:1m@2024-07-01T13:31:00.000Z',
      'XNAS:AAPL:1m@2024-07-01T13:32:00.000Z',
    ]);
    await screenshot(page, 'db-import-preview');
    await page.getByTestId('db-start').click();
    await dialog.waitFor({ state: 'detached' });
    const job = page.locator('.jobs-panel, [data-testid="jobs-panel"]').getByText(/parity OK/);
    await job.waitFor();
    expect(await job.textContent()).toContain('5 rows read into 2 series: added 5');
    expect(await catalogBars(catalogDir, 'XNAS:AAPL:1m')).toEqual(barsOf(rows.slice(0, 3)));
  });
});
