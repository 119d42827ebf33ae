import type { Locator, Page } from 'playwright-core';

/** Drops files on the window the way a file manager does: a drop event carrying a DataTransfer. */
export async function dropFiles(page: Page, files: { name: string; content: string }[]): Promise<void> {
  await page.evaluate(`(() => {
    const files = ${JSON.stringify(files)};
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.content], f.name, { type: 'text/csv' }));
    const target = document.querySelector('.app');
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  })()`);
}

/** Drops `files` and gives the import card (`testId`) they make, once shown: reading a file may take a while. */
export async function dropForCard(
  page: Page,
  files: { name: string; content: string }[],
  testId = 'file-card',
): Promise<Locator> {
  await dropFiles(page, files);
  const card = page.getByTestId(testId);
  await card.waitFor({ timeout: 30_000 });
  return card;
}

/** dropForCard on a fresh catalog's first screen, once it shows: the drop needs the app drawn. */
export async function dropOnFirstScreen(
  page: Page,
  files: { name: string; content: string }[],
  testId?: string,
): Promise<Locator> {
  await page.getByTestId('welcome').waitFor();
  return dropForCard(page, files, testId);
}

/** Types `value` into the card's field labelled `label` and commits it with Enter, as a user does. */
export async function enterOnCard(card: Locator, label: string, value: string): Promise<void> {
  const field = card.getByLabel(label);
  await field.fill(value);
  await field.press('Enter');
}

/** Starts the import the dialog shows, waits for its summary and closes the dialog with Done. */
export async function importAndClose(page: Page): Promise<void> {
  await page.getByTestId('start-import').click();
  await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Done' }).click();
}
