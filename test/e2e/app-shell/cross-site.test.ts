import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../../src-shared/domain/job';
import { screenshot, target } from '../launch';
import { appOnTempCatalog, serverForFile } from '../temp-app';

// Another local server the user visits (a dev server, a notebook) must not be able to drive the web
// host: browsers send cookies to every port of 127.0.0.1, and 127.0.0.1:other is "same-site".
let hostOrigin: string;

/** The other server's page: a form that posts JSON-looking text/plain to the web host. */
function otherPage(): string {
  const name = JSON.stringify({
    providers: { alpaca: { baseUrl: `${other().origin}/form`, pad: '' } },
  }).slice(0, -4);
  return `<!doctype html><title>Another local app</title>
<iframe name="sink"></iframe>
<form id="attack" method="POST" enctype="text/plain" target="sink" action="${hostOrigin}/api/setSettings">
<input name='${name}' value='"}}}'>
</form>`;
}

/** The other local server, serving otherPage() at its origin. */
async function startOther(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(otherPage());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const other = serverForFile(startOther);
const app = appOnTempCatalog('barcat-e2e-cross-');
beforeAll(() => {
  hostOrigin = new URL(app().page.url()).origin;
});

/** The providers' base URLs as the Settings dialog of the real page shows them. */
async function baseUrlsShown(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByTestId('settings-dialog');
  await dialog.waitFor();
  const inputs = dialog.getByLabel('Base URL');
  await inputs.first().waitFor();
  return inputs.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
}

/** What the real page reads through its own token-bearing call. */
async function settingsRead(page: Page): Promise<Record<string, { baseUrl: string }>> {
  const r = (await page.evaluate(`fetch('/api/getSettings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-barcat-token': sessionStorage.getItem('barcat-token') },
    body: '{}',
  }).then((r) => r.json())`)) as { value: { providers: Record<string, { baseUrl: string }> } };
  return r.value.providers;
}

describe.skipIf(target() !== 'web')('a page on another 127.0.0.1 port against the web host', () => {
  it('cannot change settings by fetch with credentials, a no-cors POST or a form POST', async () => {
    const { page } = app();
    await page.getByTestId('welcome').waitFor();
    const evil = await page.context().newPage();
    const answered: number[] = [];
    evil.on('response', (r) => {
      if (r.url() === `${hostOrigin}/api/setSettings`) answered.push(r.status());
    });
    await evil.goto(other().origin);

    const outcome = await evil.evaluate(`(async () => {
      const api = ${JSON.stringify(`${hostOrigin}/api/setSettings`)};
      const patch = (name, to) => JSON.stringify({ providers: { [name]: { baseUrl: ${JSON.stringify(other().origin)} + to } } });
      const out = {};
      try {
        const r = await fetch(api, { method: 'POST', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: patch('binance-spot', '/fetch') });
        out.credentialed = 'read ' + r.status;
      } catch (e) {
        out.credentialed = 'blocked';
      }
      try {
        const r = await fetch(api, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: patch('binance-archive', '/json') });
        out.json = 'read ' + r.status;
      } catch (e) {
        out.json = 'blocked';
      }
      const r = await fetch(api, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: patch('binance-futures', '/no-cors') });
      out.noCors = r.type;
      return out;
    })()`);
    expect(outcome).toEqual({ credentialed: 'blocked', json: 'blocked', noCors: 'opaque' });

    const [formAnswer] = await Promise.all([
      evil.waitForResponse((r) => r.url() === `${hostOrigin}/api/setSettings`),
      evil.evaluate(`document.getElementById('attack').submit()`),
    ]);
    expect(formAnswer.request().resourceType()).toBe('document');
    // The answers the browser let through (no-cors and form; CORS hides the credentialed one's, and the
    // JSON one never passed its preflight): each a refusal.
    expect(answered).toEqual([403, 403]);
    await evil.close();

    const read = await settingsRead(page);
    // Every provider's base URL is still the default (empty), as is every field the dialog shows.
    expect(Object.fromEntries(Object.entries(read).map(([k, v]) => [k, v.baseUrl]))).toEqual(
      Object.fromEntries(PROVIDER_NAMES.map((name) => [name, ''])),
    );
    expect(await baseUrlsShown(page)).toEqual(PROVIDER_NAMES.map(() => ''));
  });

  it('still lets the real page, with its token, change the settings (provider servers are read-only there)', async () => {
    const { page } = app();
    const dialog = page.getByTestId('settings-dialog');
    // The web host takes provider servers only from its settings.json (PAGE_SERVER): the fields are disabled.
    expect(
      await dialog
        .getByLabel('Base URL')
        .evaluateAll((els) => els.every((e) => (e as unknown as { disabled: boolean }).disabled)),
    ).toBe(true);
    await dialog.getByLabel('Default time zone').fill('Europe/Berlin');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Saved.').waitFor();
    await screenshot(page, '14-settings-after-cross-site-attempts');
    const r = (await page.evaluate(`fetch('/api/getSettings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-barcat-token': sessionStorage.getItem('barcat-token') },
      body: '{}',
    }).then((r) => r.json())`)) as { value: { defaultTimezone: string } };
    expect(r.value.defaultTimezone).toBe('Europe/Berlin');
  });
});
