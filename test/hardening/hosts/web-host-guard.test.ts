import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { webHostAll } from './web-host-fixture';

// The web host's guard against other pages on 127.0.0.1, driven over real HTTP on a free port.
const TOKEN = 'hardening-token-0123456789';
const { dir, uploads, rendererDir, port } = webHostAll('barcat-guard-', { token: TOKEN });
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";
const CSV =
  '1730419200000,70292.01,70470.00,70146.80,70173.73,840.45,1730422799999,59096143.37,128807,448.83,31559502.40,0\n' +
  '1730422800000,70173.72,70360.00,69313.74,69402.01,2171.71,1730426399999,151552938.32,298129,892.49,62307046.79,0\n';

beforeAll(() => {
  mkdirSync(path.join(rendererDir(), 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir(), 'index.html'), '<!doctype html><title>Barcat</title>');
  writeFileSync(path.join(rendererDir(), 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir(), 'BTCUSDT-1h-2024-11.csv'), CSV);
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so Origin, Sec-Fetch-Site and Cookie are sent exactly as a browser would send them. */
function send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: port(), method, path: url, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        // The event stream never ends by itself: its first comment is enough.
        if (res.headers['content-type'] === 'text/event-stream') res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = () => `http://127.0.0.1:${port()}`;
/** What our own page sends: the token header, its origin, same-origin, a JSON body. */
const pageHeaders = () => ({
  'x-barcat-token': TOKEN,
  origin: own(),
  'sec-fetch-site': 'same-origin',
  'content-type': 'application/json',
});
// A setting a page may change (provider servers it may not: PAGE_SERVER), so only the guard refuses it.
const EVIL_PATCH = JSON.stringify({ defaultTimezone: 'Asia/Tokyo' });

async function command(name: string, input: unknown): Promise<unknown> {
  return JSON.parse((await send('POST', `/api/${name}`, pageHeaders(), JSON.stringify(input))).body);
}

async function timeZone(): Promise<string> {
  const r = (await command('getSettings', {})) as { value: { defaultTimezone: string } };
  return r.value.defaultTimezone;
}

/** pageHeaders less the token header. */
function withoutToken(): Record<string, string> {
  const { 'x-barcat-token': _, ...rest } = pageHeaders();
  return rest;
}

function refusal(reply: Reply): { status: number; code: string; reason: string } {
  const r = JSON.parse(reply.body) as { ok: false; error: { code: string; details: { reason: string } } };
  return { status: reply.status, code: r.error.code, reason: r.error.details.reason };
}

describe('the web host refuses requests that are not from its own page', () => {
  // Each request without a good token: [what, method, path, headers, body].
  it.each<[string, string, string, () => Record<string, string>, string | undefined]>([
    [
      'the token in a cookie alone (browsers send cookies to every port)',
      'POST',
      '/api/setSettings',
      () => ({ ...withoutToken(), cookie: `barcat_token=${TOKEN}` }),
      EVIL_PATCH,
    ],
    ['a missing token on a command', 'POST', '/api/setSettings', withoutToken, EVIL_PATCH],
    [
      'a wrong token on a command',
      'POST',
      '/api/setSettings',
      () => ({ ...withoutToken(), 'x-barcat-token': 'nope' }),
      EVIL_PATCH,
    ],
    [
      'no token on the event stream',
      'GET',
      '/api/events',
      () => ({ 'sec-fetch-site': 'same-origin' }),
      undefined,
    ],
    [
      'no token on an upload',
      'POST',
      '/api/upload?batch=b0&name=x.csv',
      () => ({ ...withoutToken(), 'content-type': 'application/octet-stream' }),
      CSV,
    ],
  ])('refuses %s', async (_what, method, url, headers, body) => {
    const reply = await send(method, url, headers(), body);
    expect(refusal(reply)).toEqual({ status: 403, code: 'USAGE', reason: 'NO_TOKEN' });
    expect(await timeZone()).toBe('UTC');
  });

  it('refuses a foreign Origin even with the token', async () => {
    for (const origin of ['http://127.0.0.1:9', 'http://localhost:9', 'https://evil.example', 'null']) {
      const reply = await send('POST', '/api/setSettings', { ...pageHeaders(), origin }, EVIL_PATCH);
      expect(refusal(reply)).toEqual({ status: 403, code: 'USAGE', reason: 'FOREIGN_ORIGIN' });
    }
    const events = await send('GET', '/api/events', {
      'x-barcat-token': TOKEN,
      origin: 'http://127.0.0.1:9',
    });
    expect(refusal(events)).toEqual({ status: 403, code: 'USAGE', reason: 'FOREIGN_ORIGIN' });
    expect(await timeZone()).toBe('UTC');
  });

  it('refuses Sec-Fetch-Site other than same-origin (another 127.0.0.1 port is same-site)', async () => {
    for (const site of ['same-site', 'cross-site', 'none']) {
      const { origin: _, ...noOrigin } = pageHeaders();
      const reply = await send(
        'POST',
        '/api/setSettings',
        { ...noOrigin, 'sec-fetch-site': site },
        EVIL_PATCH,
      );
      expect(refusal(reply)).toEqual({ status: 403, code: 'USAGE', reason: 'CROSS_SITE' });
    }
    const events = await send('GET', '/api/events', {
      'x-barcat-token': TOKEN,
      'sec-fetch-site': 'same-site',
    });
    expect(refusal(events)).toEqual({ status: 403, code: 'USAGE', reason: 'CROSS_SITE' });
    expect(await timeZone()).toBe('UTC');
  });

  it('refuses a command body that is not sent as application/json', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const reply = await send(
        'POST',
        '/api/setSettings',
        { ...pageHeaders(), 'content-type': type },
        EVIL_PATCH,
      );
      expect(refusal(reply)).toEqual({ status: 415, code: 'USAGE', reason: 'CONTENT_TYPE' });
    }
    const { 'content-type': _, ...untyped } = pageHeaders();
    expect(refusal(await send('POST', '/api/setSettings', untyped, EVIL_PATCH))).toEqual({
      status: 415,
      code: 'USAGE',
      reason: 'CONTENT_TYPE',
    });
    const upload = await send(
      'POST',
      '/api/upload?batch=b0&name=x.csv',
      { ...pageHeaders(), 'content-type': 'text/plain' },
      CSV,
    );
    expect(refusal(upload)).toEqual({ status: 415, code: 'USAGE', reason: 'CONTENT_TYPE' });
    expect(await timeZone()).toBe('UTC');
  });

  it('runs the call of its own page, and of a client outside a browser with the token', async () => {
    const patch = JSON.stringify({ defaultTimezone: 'Europe/Berlin' });
    expect((await send('POST', '/api/setSettings', pageHeaders(), patch)).status).toBe(200);
    expect(await timeZone()).toBe('Europe/Berlin');
    const reset = JSON.stringify({ defaultTimezone: 'UTC' });
    const cli = await send(
      'POST',
      '/api/setSettings',
      { 'x-barcat-token': TOKEN, 'content-type': 'application/json' },
      reset,
    );
    expect(cli.status).toBe(200);
    expect(await timeZone()).toBe('UTC');
  });

  it('sends nosniff, the CSP and no-referrer on every response', async () => {
    const { 'content-type': _, ...getHeaders } = pageHeaders();
    const replies = [
      await send('GET', '/', {}),
      await send('GET', `/?token=${TOKEN}`, {}),
      await send('GET', '/assets/app.js', {}),
      await send('GET', '/missing.js', {}),
      await send('POST', '/api/catalogInfo', pageHeaders(), '{}'),
      await send('POST', '/api/catalogInfo', {}, '{}'),
      await send('GET', '/api/catalogInfo', getHeaders),
      await send('GET', '/api/events', getHeaders),
      await send('GET', '/', { host: 'evil.example' }),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 404, 200, 403, 405, 200, 403]);
    for (const r of replies) {
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toBe(CSP);
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('the web host imports only files uploaded to it', () => {
  type Preview = { ok: true; value: { files: { path: string; ok: boolean; seriesId: string | null }[] } };
  type Failed = {
    ok: false;
    error: { code: string; message: string; details: { reason: string; path: string } };
  };

  async function upload(name: string): Promise<string> {
    const reply = await send(
      'POST',
      `/api/upload?batch=b1&name=${encodeURIComponent(name)}`,
      { ...pageHeaders(), 'content-type': 'application/octet-stream' },
      CSV,
    );
    return (JSON.parse(reply.body) as { value: { path: string } }).value.path;
  }

  it('previews an uploaded file', async () => {
    const file = await upload('BTCUSDT-1h-2024-11.csv');
    expect(file).toBe(path.join(uploads(), 'b1', 'BTCUSDT-1h-2024-11.csv'));
    const r = (await command('previewImport', { files: [{ path: file }] })) as Preview;
    expect(r.value.files.map((f) => [f.path, f.ok, f.seriesId])).toEqual([
      [file, true, 'BINANCE:BTCUSDT:1h'],
    ]);
  });

  it('refuses to preview or import a path outside the upload folder, by any spelling', async () => {
    const outside = path.join(dir(), 'BTCUSDT-1h-2024-11.csv');
    const link = path.join(uploads(), 'b1', 'link.csv');
    symlinkSync(outside, link);
    const spellings = [
      outside,
      '/etc/passwd',
      path.join(uploads(), 'b1', '..', '..', 'BTCUSDT-1h-2024-11.csv'),
      uploads(),
      path.join(dir(), '*.csv'),
      link,
    ];
    for (const p of spellings) {
      for (const [name, input] of [
        ['previewImport', { files: [{ path: p }] }],
        ['startImport', { files: [{ path: p }], mode: 'skip' }],
      ] as const) {
        const r = (await command(name, input)) as Failed;
        expect(r).toEqual({
          ok: false,
          error: {
            code: 'BAD_INPUT',
            message: `${p} was not uploaded to this web host; drop the file on the Barcat page to import it`,
            details: { reason: 'NOT_UPLOADED', path: p },
          },
        });
      }
    }
    expect((await command('listJobs', {})) as { value: unknown[] }).toEqual({ ok: true, value: [] });
  });

  it('refuses a dangling link in the upload folder that points outside it, as the catalog does', async () => {
    // Nothing at the target yet: a file made there later would be read through the link.
    const dangling = path.join(uploads(), 'b1', 'dangling.csv');
    symlinkSync(path.join(dir(), 'not-yet.csv'), dangling);
    for (const [name, input] of [
      ['previewImport', { files: [{ path: dangling }] }],
      ['startImport', { files: [{ path: dangling }], mode: 'skip' }],
    ] as const)
      expect(await command(name, input)).toEqual({
        ok: false,
        error: {
          code: 'BAD_INPUT',
          message: `${dangling} was not uploaded to this web host; drop the file on the Barcat page to import it`,
          details: { reason: 'NOT_UPLOADED', path: dangling },
        },
      });
  });
});
