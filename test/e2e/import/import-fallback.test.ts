import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../build';
import { dropFiles } from '../drop';
import { type AppHandle, launchApp, screenshot } from '../launch';

let dir: string;
let app: AppHandle;

// Rows carrying high, open, low, close under a header naming open, high, low, close: the importer
// uses the prices reordered, and the file card says so.
const CSV = [
  'date,time,open,high,low,close,volume',
  ...Array.from(
    { length: 6 },
    (_, i) => `2024-01-02,09:${30 + i},${101 + i},${100 + i},${99 + i},${100.5 + i},10`,
  ),
].join('\n');

beforeAll(async () => {
  buildApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-e2e-fallback-'));
  app = await launchApp({ catalogDir: path.join(dir, 'catalog'), dataDir: dir });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the import file card', () => {
  it('says which column layout it uses instead of the header and what it tried', async () => {
    const { page } = app;
    await page.getByTestId('welcome').waitFor();
    await dropFiles(page, [{ name: 'EURUSD_1m.csv', content: CSV }]);
    const card = page.getByTestId('file-card');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('mapping-fallback').textContent()).toBe(
      'Most rows failed with the columns as the header names them; using the price columns in another order instead (6 of 6 sample rows pass). Tried: the columns as the header names them (0 of 6); the columns shifted right by one (a leading column the header lacks) (0 of 6).',
    );
    await screenshot(page, 'import-mapping-fallback');
  });
});
