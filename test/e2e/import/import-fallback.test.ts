import { describe, expect, it } from 'vitest';
import { dropOnFirstScreen } from '../drop';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

// Rows carrying high, open, low, close under a header naming open, high, low, close: the importer
// uses the prices reordered, and the file card says so.
const CSV = [
  'date,time,open,high,low,close,volume',
  ...Array.from(
    { length: 6 },
    (_, i) => `2024-01-02,09:${30 + i},${101 + i},${100 + i},${99 + i},${100.5 + i},10`,
  ),
].join('\n');

const app = appOnTempCatalog('barcat-e2e-fallback-');

describe('the import file card', () => {
  it('says which column layout it uses instead of the header and what it tried', async () => {
    const { page } = app();
    const card = await dropOnFirstScreen(page, [{ name: 'EURUSD_1m.csv', content: CSV }]);
    expect(await card.getByTestId('mapping-fallback').textContent()).toBe(
      'Most rows failed with the columns as the header names them; using the price columns in another order instead (6 of 6 sample rows pass). Tried: the columns as the header names them (0 of 6); the columns shifted right by one (a leading column the header lacks) (0 of 6).',
    );
    await screenshot(page, 'import-mapping-fallback');
  });
});
