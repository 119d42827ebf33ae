import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Core } from '../src-main/app/create-core';
import { startWebHost, type WebHost } from '../src-main/hosts/web/server';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/launch';

/** The built renderer served by the web host over `core`, opened in headless Chromium (the UI benches). */
export async function openInChromium(
  core: Core,
  dir: string,
  viewport = { width: 1440, height: 900 },
): Promise<{ host: WebHost; browser: Browser; page: Page }> {
  const host = await startWebHost({
    core,
    rendererDir: path.resolve('out/renderer'),
    uploadDir: path.join(dir, 'uploads'),
    token: 'bench',
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({ viewport });
  await page.goto(host.url);
  return { host, browser, page };
}

/** When the page last marked `name` (performance.mark), waiting for one made after `after`. */
export async function markTime(page: Page, name: string, after = 0): Promise<number> {
  await page.waitForFunction(
    ([n, a]) => performance.getEntriesByName(n as string).some((e) => e.startTime > (a as number)),
    [name, after] as const,
    { timeout: 120_000 },
  );
  return page.evaluate((n) => performance.getEntriesByName(n).at(-1)!.startTime, name);
}
