import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { dropFiles } from '../drop';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

/** HistData's M1 layout, 2024-07-02 from 10:00, one row per minute; `bad` rows carry "x" as high. */
function histdata(minutes: number[], bad: (i: number) => boolean): string {
  return minutes
    .map((m, i) => {
      const time = `${String(10 + Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}00`;
      return `20240702 ${time};1.1;${bad(i) ? 'x' : '1.2'};1.0;1.15;0`;
    })
    .join('\n');
}

// Newest first with one bad row (line 4) and 10:00 written twice alike: two notes, one rejection.
const NEWEST = 'DAT_ASCII_EURUSD_M1_202407.csv';
const NEWEST_CSV = histdata([...Array.from({ length: 20 }, (_, i) => 19 - i), 0], (i) => i === 3);
// Newest first too, with 101 bad rows (lines 6 to 106: 100 listed, the 101st only counted) and 10:00
// written twice alike: its two notes come after 101 errors and must still be listed as notes.
const MANY = 'DAT_ASCII_GBPUSD_M1_202407.csv';
const MANY_CSV = histdata([...Array.from({ length: 111 }, (_, i) => 110 - i), 0], (i) => i >= 5 && i < 106);
const badLine = (file: string, line: number) => `${file} line ${line}, column #3: not a number ("x")`;

const app = appOnTempCatalog('barcat-e2e-problems-');

describe('the import result', () => {
  it('lists bad rows first and apart from the notes, counts the unlisted ones, and saves them in that order', async () => {
    const { page } = app();
    await page.getByTestId('welcome').waitFor();
    await dropFiles(page, [
      { name: NEWEST, content: NEWEST_CSV },
      { name: MANY, content: MANY_CSV },
    ]);
    await expect.poll(() => page.getByTestId('file-card').count(), { timeout: 30_000 }).toBe(2);
    await page.getByLabel('skip bad rows').check();
    await page.getByTestId('start-import').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    // The result fills file by file: Done shows once both are in.
    await page.getByRole('button', { name: 'Done' }).waitFor();

    expect(await result.locator('.import-files li').allTextContents()).toEqual([
      `${NEWEST} → CSV:EURUSD:1m: 19 added, 0 replaced, 0 removed, 1 not written (already stored or repeated), 1 bad row left out`,
      `${MANY} → CSV:GBPUSD:1m: 10 added, 0 replaced, 0 removed, 1 not written (already stored or repeated), 101 bad rows left out`,
    ]);
    const rejections = [
      badLine(NEWEST, 4),
      ...Array.from({ length: 100 }, (_, i) => badLine(MANY, 6 + i)),
      `${MANY}: 1 more: not a number`,
    ];
    expect(await result.getByTestId('import-rejections').locator('pre').textContent()).toBe(
      rejections.join('\n'),
    );
    // Sorting a newest-first file and collapsing a repeated row drop nothing: notes, not rejections.
    const notes = [
      `${NEWEST}: the rows were not in time order; they were sorted`,
      `${NEWEST}: identical rows were collapsed into one`,
      `${MANY}: the rows were not in time order; they were sorted`,
      `${MANY}: identical rows were collapsed into one`,
    ];
    const notesBox = result.getByTestId('import-notes');
    expect(await notesBox.locator('summary').textContent()).toBe('4 notes (nothing was dropped for these)');
    expect(await notesBox.locator('pre').textContent()).toBe(notes.join('\n'));
    expect(
      await result
        .locator('[data-testid=import-rejections], [data-testid=import-notes]')
        .evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-testid'))),
    ).toEqual(['import-rejections', 'import-notes']);

    // Save… holds the same lines in the same order: bad rows, counts, then notes.
    // Read as a user gets it: the page's CSP (connect-src 'self') refuses a fetch of the blob.
    const save = result.getByRole('link', { name: 'Save…' });
    expect(await save.getAttribute('download')).toBe('barcat-import-problems.txt');
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    const saved = readFileSync((await download.path()) as string, 'utf8');
    expect(saved).toBe([...rejections, ...notes].join('\n'));

    // No upload folder, no file named twice on a line.
    const shown = [
      ...(await result.locator('.import-files li, summary').allTextContents()),
      ...(await result.locator('pre').allTextContents()).flatMap((pre) => pre.split('\n')),
      ...saved.split('\n'),
    ];
    expect(shown).toHaveLength(2 + 1 + rejections.length + notes.length + rejections.length + notes.length);
    for (const text of shown) {
      expect(text).not.toContain(tmpdir());
      expect(text).not.toContain('barcat-upload-');
      for (const name of [NEWEST, MANY]) expect(text.split(name).length).toBeLessThanOrEqual(2);
    }
    await notesBox.locator('summary').click();
    await screenshot(page, 'import-problems');
  });
});
