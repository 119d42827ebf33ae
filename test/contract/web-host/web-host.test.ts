import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../src-main/hosts/web/server';
import { tempCoreOf } from '../temp-core';

let host: WebHost;
const TOKEN = 'test-token-0123456789';
type Failed = { ok: false; error: { code: string; message: string } };

const { dir, core } = tempCoreOf('barcat-web-', { dataDir: null, perFile: true });
beforeAll(async () => {
  const rendererDir = path.join(dir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Barcat</title>');
  writeFileSync(path.join(dir(), 'secret.txt'), 'outside');
  host = await startWebHost({
    core: core(),
    rendererDir,
    uploadDir: path.join(dir(), 'uploads'),
    token: TOKEN,
  });
});
afterAll(() => host.close());

const base = () => `http://127.0.0.1:${host.port}`;
const api = (name: string, body: unknown, headers: Record<string, string> = { 'x-barcat-token': TOKEN }) =>
  fetch(`${base()}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('web host', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('refuses every api request without the token in its header with 403', async () => {
    expect((await api('listSeries', {}, {})).status).toBe(403);
    expect((await api('listSeries', {}, { 'x-barcat-token': 'nope' })).status).toBe(403);
    expect((await fetch(`${base()}/api/events`)).status).toBe(403);
  });

  it('serves the page (public build, no data) with a strict CSP and sets no cookie', async () => {
    for (const url of [host.url, `${base()}/`, `${base()}/index.html`]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>Barcat</title>');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${base()}/..%2fsecret.txt`, { headers: { 'x-barcat-token': TOKEN } });
    expect(res.status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/?token=${TOKEN}`,
          headers: { host: 'evil.example:80' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('runs commands and returns Result envelopes, errors included', async () => {
    const ok = await (await api('catalogInfo', {})).json();
    expect(ok).toEqual({
      ok: true,
      value: { dir: path.join(dir(), 'catalog'), seriesCount: 0, empty: true },
    });
    const bad = (await (await api('gapChart', { id: 'BINANCE:BTCUSDT:1h', pixels: -1 })).json()) as Failed;
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('BAD_INPUT');
    const unknown = await api('nothing', {});
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${base()}/api/listSeries`, {
      method: 'POST',
      headers: { 'x-barcat-token': TOKEN, 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('streams events as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base()}/api/events`, {
      headers: { 'x-barcat-token': TOKEN },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const seen = (async () => {
      let text = '';
      while (!text.includes('event: seriesChanged')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    })();
    await (await api('loadSampleData', {})).json();
    const text = await seen;
    controller.abort();
    const frame = text.split('\n\n').find((f) => f.startsWith('event: seriesChanged'))!;
    expect(JSON.parse(frame.split('\ndata: ')[1]!)).toEqual({
      ids: [
        'BINANCE:BTCUSDT:1h',
        'BINANCE:ETHUSDT:1h',
        'BINANCE:SOLUSDT:15m',
        'BINANCE:BTCUSDT:1d',
        'COINBASE:BTC-USD:1m',
        'KRAKEN:XBTEUR:4h',
      ],
    });
  });

  it('saves uploads inside the upload folder only', async () => {
    const up = (name: string) =>
      fetch(`${base()}/api/upload?batch=b1&name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'x-barcat-token': TOKEN, 'content-type': 'application/octet-stream' },
        body: 'ts,open\n1,2\n',
      }).then((r) => r.json() as Promise<{ ok: boolean; value: { path: string } }>);
    const r = await up('folder/data.csv');
    expect(r).toEqual({ ok: true, value: { path: path.join(dir(), 'uploads', 'b1', 'folder', 'data.csv') } });
    expect(readFileSync(r.value.path, 'utf8')).toBe('ts,open\n1,2\n');
    const outside = await up('../../escape.csv');
    expect(outside.value.path).toBe(path.join(dir(), 'uploads', 'b1', 'escape.csv'));
    const empty = await up('../..');
    expect(empty).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
