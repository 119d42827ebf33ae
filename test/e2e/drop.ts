import type { Page } from 'playwright-core';

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
