import type { Page, Route } from 'playwright-core';

/**
 * Holds the page's requests to `url` on the web host's HTTP route until `release`, then `answer`s them
 * (continue, abort): the test reads the page while such a request is out. `unroute` takes the hold away.
 */
export async function holdRoute(
  page: Page,
  url: string,
  answer: (route: Route) => Promise<void>,
): Promise<{ release: () => void; unroute: () => Promise<void> }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    await held;
    await answer(route);
  });
  return { release, unroute: () => page.unroute(url) };
}
