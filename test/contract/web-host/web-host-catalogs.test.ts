import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { fileTempDir } from '../../main/catalog/helpers';

// The real web host (`npm run serve`, out/node/serve.js) in a child process, driven over HTTP like the page.
const SERVE = path.resolve(import.meta.dirname, '../../../out/node/serve.js');
const TOKEN = 'test-token-catalogs-0123456789';
// Its afterAll is registered first, so it runs last: after the children are killed.
const tmp = fileTempDir('barcat-web-catalogs-').dir;
const renderer = path.join(tmp, 'renderer');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill();
});

/** Starts serve.js with `args` and `env`; resolves with its origin once it prints its URL. */
function serve(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [SERVE, '--renderer', renderer, ...args], {
      env: { ...process.env, BARCAT_CATALOG: '', BARCAT_TOKEN: TOKEN, ...env },
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Barcat is running at (http:\/\/[^/\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`serve.js exited with ${code}: ${out}${err}`)));
  });
}

async function call(origin: string, name: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-barcat-token': TOKEN },
    body: JSON.stringify(body),
  });
  return res.json();
}

const refusal = (dir: string, root: string, use: 'create' | 'open' = 'create') => ({
  ok: false,
  error: {
    code: 'BAD_INPUT',
    message: `${dir} is outside this web host's catalogs folder ${root}; ${use} a catalog in a folder inside it`,
    details: { reason: use === 'create' ? 'outside-catalogs-root' : 'open-outside-catalogs-root', dir, root },
  },
});

beforeAll(() => {
  mkdirSync(renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Barcat</title>');
});

describe('the web host creates and opens catalogs only inside its catalogs folder', () => {
  it('by default a catalogs folder in the data folder: creates and opens there, refuses elsewhere making nothing', async () => {
    const xdg = path.join(tmp, 'xdg');
    const root = path.join(xdg, 'barcat', 'catalogs');
    const existing = path.join(tmp, 'existing-catalog');
    await (await openCatalog(existing, { create: true })).close();
    const origin = await serve(['--data-dir', path.join(tmp, 'data1')], { XDG_DATA_HOME: xdg });
    // The data folder itself (settings.json lives there) is no catalogs folder.
    const inData = path.join(xdg, 'barcat', 'other');
    expect(await call(origin, 'createCatalog', { dir: inData })).toEqual(refusal(inData, root));

    const elsewhere = path.join(tmp, 'anywhere', 'new-catalog');
    expect(await call(origin, 'createCatalog', { dir: elsewhere })).toEqual(refusal(elsewhere, root));
    expect(existsSync(path.join(tmp, 'anywhere'))).toBe(false);

    const second = path.join(root, 'second');
    expect(await call(origin, 'createCatalog', { dir: second })).toEqual({
      ok: true,
      value: { dir: second, seriesCount: 0, empty: true },
    });
    expect(existsSync(path.join(second, 'catalog.json'))).toBe(true);

    // A page asking to open a catalog outside is refused, and the open catalog stays.
    expect(await call(origin, 'openCatalog', { dir: existing })).toEqual(refusal(existing, root, 'open'));
    expect(await call(origin, 'catalogInfo', {})).toMatchObject({ ok: true, value: { dir: second } });
    // The catalog the host started on opens again, though it lies outside.
    const startup = path.join(xdg, 'barcat', 'catalog');
    expect(await call(origin, 'openCatalog', { dir: startup })).toMatchObject({
      ok: true,
      value: { dir: startup },
    });
    // Open never makes a catalog of a folder that is none.
    const plain = path.join(root, 'plain');
    mkdirSync(plain);
    expect(await call(origin, 'openCatalog', { dir: plain })).toMatchObject({
      ok: false,
      error: { details: { reason: 'not-a-catalog', dir: plain } },
    });
  });

  it('by default never the parent of a BARCAT_CATALOG set elsewhere (it may be the home folder)', async () => {
    const xdg = path.join(tmp, 'xdg2');
    const home = path.join(tmp, 'home-like');
    await (await openCatalog(path.join(home, 'catalog'), { create: true })).close();
    const origin = await serve(['--data-dir', path.join(tmp, 'data2')], {
      XDG_DATA_HOME: xdg,
      BARCAT_CATALOG: path.join(home, 'catalog'),
    });
    const beside = path.join(home, 'dotfiles-catalog');
    expect(await call(origin, 'createCatalog', { dir: beside })).toEqual(
      refusal(beside, path.join(xdg, 'barcat', 'catalogs')),
    );
    expect(existsSync(beside)).toBe(false);
  });

  it('with --catalogs: refuses the folder itself and a link inside it that leads outside', async () => {
    const root = path.join(tmp, 'catalogs');
    mkdirSync(root);
    const outside = path.join(tmp, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, path.join(root, 'link'));
    const origin = await serve(
      [
        '--catalog',
        path.join(root, 'main'),
        '--create',
        '--catalogs',
        root,
        '--data-dir',
        path.join(tmp, 'data2'),
      ],
      {},
    );
    expect(await call(origin, 'createCatalog', { dir: root })).toEqual(refusal(root, root));
    const viaLink = path.join(root, 'link', 'cat');
    expect(await call(origin, 'createCatalog', { dir: viaLink })).toEqual(refusal(viaLink, root));
    expect(existsSync(path.join(outside, 'cat'))).toBe(false);
    const inside = path.join(root, 'team', 'cat');
    expect(await call(origin, 'createCatalog', { dir: inside })).toMatchObject({
      ok: true,
      value: { dir: inside },
    });
    // A catalog outside, reached by name or through the link, is not opened.
    const away = path.join(outside, 'away');
    await (await openCatalog(away, { create: true })).close();
    expect(await call(origin, 'openCatalog', { dir: away })).toEqual(refusal(away, root, 'open'));
    const awayViaLink = path.join(root, 'link', 'away');
    expect(await call(origin, 'openCatalog', { dir: awayViaLink })).toEqual(
      refusal(awayViaLink, root, 'open'),
    );
    expect(await call(origin, 'catalogInfo', {})).toMatchObject({ ok: true, value: { dir: inside } });
  });
});
