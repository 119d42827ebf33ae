import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

// The temp folder: the tests make files and catalogs beside the app's.
let dir: string;
const app = appOnTempCatalog('barcat-e2e-settings-', async (_catalogDir, tempDir) => {
  dir = tempDir;
});
beforeAll(async () => {
  await app().page.setViewportSize({ width: 1024, height: 700 });
});

/** The element lies wholly inside the 1024x700 window. */
async function onScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= 700 && box.x + box.width <= 1024;
}

describe('settings in a 1024x700 window', () => {
  it('keeps Save and Close on screen, closes on Esc and forgets an edit not saved', async () => {
    const { page } = app();
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.waitFor();
    await screenshot(page, 'settings-1024x700');
    expect(await onScreen(dialog.getByRole('button', { name: 'Save', exact: true }))).toBe(true);
    expect(await onScreen(dialog.getByRole('button', { name: 'Close', exact: true }))).toBe(true);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Default time zone').fill('Europe/Paris');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.getByLabel('Default time zone').inputValue()).toBe('UTC');
  });

  it('refuses an unknown time zone at its field and keeps the saved one', async () => {
    const { page } = app();
    const dialog = page.getByTestId('settings-dialog');
    await page.getByLabel('Default time zone').fill('Mars/Olympus');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.getByTestId('timezone-problem').textContent()).toBe(
      '“Mars/Olympus” is not a time zone. Use a name such as UTC, Europe/Berlin or America/New_York.',
    );
    expect(await page.getByTestId('settings-message').textContent()).toBe(
      'Not saved: see the time zone above.',
    );
    await screenshot(page, 'settings-timezone-refused');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.getByLabel('Default time zone').inputValue()).toBe('UTC');
  });

  it('opens only a catalog: a mistyped, relative or file path is refused in plain words', async () => {
    const { page } = app();
    const folder = page.getByLabel('Catalog folder');
    const message = page.getByTestId('settings-message');
    const typo = path.join(dir, 'catalgo');
    await folder.fill(typo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect
      .poll(() => message.textContent())
      .toBe(`There is no folder ${typo}. Check the path, or use New catalog to create a catalog there.`);
    expect(existsSync(typo)).toBe(false);
    await screenshot(page, 'settings-open-refused');

    await folder.fill('my-catalog');
    await page.getByRole('button', { name: 'New catalog' }).click();
    await expect
      .poll(() => message.textContent())
      .toBe("“my-catalog” is a relative path. Give the folder's full path, e.g. /home/you/barcat-catalog.");

    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'a file');
    await folder.fill(file);
    await page.getByRole('button', { name: 'New catalog' }).click();
    await expect.poll(() => message.textContent()).toBe(`${file} is a file, not a folder.`);
    expect(await page.locator('.catalog-path').textContent()).toBe(path.join(dir, 'catalog'));
  });

  it("shows the new catalog's jobs only after a switch", async () => {
    const { page } = app();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.locator('[data-series-id]').first().waitFor();
    await page.getByTestId('jobs-button').click();
    await page.locator('[data-job-state="done"]').first().waitFor();
    expect(await page.locator('.job-title').allTextContents()).toEqual(['Load sample data']);

    const second = path.join(dir, 'second');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Catalog folder').fill(second);
    await page.getByRole('button', { name: 'New catalog' }).click();
    await expect.poll(() => page.getByTestId('settings-message').textContent()).toBe(`Now using ${second}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('welcome').waitFor();
    await expect.poll(() => page.locator('.job-title').count()).toBe(0);
    expect(await page.getByTestId('jobs-panel').textContent()).toContain('No jobs yet.');
    await screenshot(page, 'jobs-after-catalog-switch');
  });
});
