import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Clicks the toolbar button `<name>-button` and gives the dialog it opens, `<dialog>-dialog`, once shown. */
export async function openDialog(page: Page, name: string, dialog = name): Promise<Locator> {
  await page.getByTestId(`${name}-button`).click();
  const opened = page.getByTestId(`${dialog}-dialog`);
  await opened.waitFor();
  return opened;
}

/** Clicks the dialog's `<name>-start` and gives its `<name>-job` line once that job is done (the slow runs take a minute). */
export async function startDialogJob(dialog: Locator, name: string): Promise<Locator> {
  await dialog.getByTestId(`${name}-start`).click();
  const job = dialog.getByTestId(`${name}-job`);
  await expect.poll(() => job.getAttribute('data-job-state'), { timeout: 60_000 }).toBe('done');
  return job;
}
