import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/app/core/events';
import { JobRegistry } from '../../../src-main/app/core/jobs';
import { SESSION_SECRET_STORE, type SecretStore, SettingsStore } from '../../../src-main/app/core/settings';
import { type Core, createCore } from '../../../src-main/app/create-core';
import type { EventName } from '../../../src-shared/contract';
import { tempDirEach } from '../../main/catalog/helpers';

const tmp = tempDirEach('barcat-core-state-');
let dir: string;
beforeEach(() => {
  dir = tmp();
});

describe('jobs', () => {
  it('reports progress with rate and ETA, and keeps its jobs in the catalog across a restart', () => {
    let now = 1_000;
    const seen: EventName[] = [];
    const bus = new EventBus();
    bus.subscribe((name) => seen.push(name));
    const jobs = new JobRegistry(null, bus, () => now);
    jobs.open(dir);
    const done = jobs.start('import', 'Import a.csv', 'rows');
    now += 2_000;
    done.progress(500, 1_000);
    expect(jobs.get(done.id)).toMatchObject({ done: 500, total: 1_000, ratePerSec: 250, etaMs: 2_000 });
    done.finish('done', '1,000 rows written');
    const running = jobs.start('sample', 'Load sample data', 'series');
    expect(seen).toEqual(['jobChanged', 'jobProgress', 'jobChanged', 'jobChanged']);

    const again = new JobRegistry(null, new EventBus(), () => now);
    again.open(dir);
    expect(again.get(done.id)).toMatchObject({
      state: 'done',
      message: '1,000 rows written',
      finishedAt: 3_000,
    });
    // Saved when it started; its process (this one) is alive, so it is not taken for interrupted.
    expect(again.get(running.id)).toMatchObject({ state: 'running', finishedAt: null });
  });

  it('keeps the newest 50 finished jobs of a catalog, and every parked one', () => {
    let now = 1_000;
    const jobs = new JobRegistry(null, new EventBus(), () => now++);
    jobs.open(dir);
    const parked = jobs.start('import', 'Parked', 'rows');
    parked.finish('parked');
    const ids = Array.from({ length: 52 }, (_, i) => {
      const job = jobs.start('import', `Import ${i}`, 'rows');
      job.finish('done');
      return job.id;
    });
    const kept = [...ids.slice(2).reverse(), parked.id];
    expect(jobs.list().map((j) => j.id)).toEqual(kept);
    expect(readdirSync(path.join(dir, 'jobs')).sort()).toEqual(kept.map((id) => `${id}.json`).sort());
  });

  it('cancels through the job signal', () => {
    const jobs = new JobRegistry(null, new EventBus());
    jobs.open(dir);
    const job = jobs.start('sample', 'X', 'series');
    expect(jobs.cancel(job.id)).toBe(true);
    expect(job.signal.aborted).toBe(true);
    job.finish('cancelled');
    expect(jobs.cancel(job.id)).toBe(false);
  });
});

describe('settings', () => {
  const reversing: SecretStore = {
    kind: 'safeStorage',
    encrypt: (p) => `enc:${[...p].reverse().join('')}`,
    decrypt: (s) => [...s.slice(4)].reverse().join(''),
  };

  it('stores keys encrypted, never shows them, and writes the file for the user only', () => {
    const file = path.join(dir, 'settings.json');
    const store = new SettingsStore(file, reversing);
    store.apply({
      providers: { 'binance-spot': { baseUrl: 'http://127.0.0.1:9999/', key: 'secret-key' } },
      defaultTimezone: 'Asia/Tokyo',
    });
    expect(store.view('/cat')).toEqual({
      catalogDir: '/cat',
      defaultTimezone: 'Asia/Tokyo',
      providers: {
        'binance-spot': { baseUrl: 'http://127.0.0.1:9999', hasKey: true },
        'binance-futures': { baseUrl: '', hasKey: false },
        'binance-archive': { baseUrl: '', hasKey: false },
        alpaca: { baseUrl: '', hasKey: false },
        polygon: { baseUrl: '', hasKey: false },
        coinbase: { baseUrl: '', hasKey: false },
        bybit: { baseUrl: '', hasKey: false },
        okx: { baseUrl: '', hasKey: false },
        kraken: { baseUrl: '', hasKey: false },
        yahoo: { baseUrl: '', hasKey: false },
        tiingo: { baseUrl: '', hasKey: false },
        ibkr: { baseUrl: '', hasKey: false },
      },
      keyStorage: 'safeStorage',
      readCacheMb: 256,
    });
    expect(readFileSync(file, 'utf8')).not.toContain('secret-key');
    expect(readFileSync(file, 'utf8')).toContain('enc:yek-terces');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const reopened = new SettingsStore(file, reversing);
    expect(reopened.provider('binance-spot')).toEqual({
      baseUrl: 'http://127.0.0.1:9999',
      key: 'secret-key',
    });
    reopened.apply({ providers: { 'binance-spot': { key: '', baseUrl: '' } } });
    expect(reopened.provider('binance-spot')).toEqual({ baseUrl: undefined, key: undefined });
  });

  it('reads a settings.json of an older version that still has defaultProvider, and drops it', () => {
    const file = path.join(dir, 'settings-old.json');
    writeFileSync(
      file,
      JSON.stringify({ defaultTimezone: 'Europe/Berlin', defaultProvider: 'alpaca', providers: {} }),
    );
    const store = new SettingsStore(file, reversing);
    const view = store.view('/cat');
    expect(view.defaultTimezone).toBe('Europe/Berlin');
    expect(Object.keys(view)).toEqual([
      'catalogDir',
      'defaultTimezone',
      'providers',
      'keyStorage',
      'readCacheMb',
    ]);
    store.apply({ defaultTimezone: 'UTC' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      defaultTimezone: 'UTC',
      readCacheMb: 256,
      providers: {},
    });
  });

  it('without a keychain keeps keys in memory only: never written, gone after a restart', () => {
    const file = path.join(dir, 'settings-session.json');
    const store = new SettingsStore(file, SESSION_SECRET_STORE);
    store.apply({ providers: { polygon: { key: 'pk-live-123', baseUrl: 'http://127.0.0.1:9/' } } });
    expect(store.provider('polygon')).toEqual({ baseUrl: 'http://127.0.0.1:9', key: 'pk-live-123' });
    expect(store.view('/cat').providers.polygon).toEqual({ baseUrl: 'http://127.0.0.1:9', hasKey: true });
    expect(store.view('/cat').keyStorage).toBe('session');
    expect(readFileSync(file, 'utf8')).not.toContain('pk-live-123');
    const reopened = new SettingsStore(file, SESSION_SECRET_STORE);
    expect(reopened.provider('polygon')).toEqual({ baseUrl: 'http://127.0.0.1:9', key: undefined });
  });
});

describe('settings and catalog folders through the app service', () => {
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ catalogDir: path.join(dir, 'a'), dataDir: dir });
  });
  afterEach(() => core.close());

  it('refuses an unknown default time zone with a reason code and keeps the saved one', async () => {
    expect(await core.dispatch('setSettings', { defaultTimezone: 'Mars/Olympus' })).toEqual({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: 'time zone "Mars/Olympus" is not known; use an IANA name such as UTC or America/New_York',
        details: { reason: 'unknown-time-zone', timeZone: 'Mars/Olympus' },
      },
    });
    expect(await core.handlers.getSettings({})).toMatchObject({ defaultTimezone: 'UTC' });
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
    expect(await core.handlers.setSettings({ defaultTimezone: 'Asia/Tokyo' })).toMatchObject({
      defaultTimezone: 'Asia/Tokyo',
    });
  });

  it('opens only a catalog, creates only at an absolute folder path, and says why it refuses', async () => {
    const a = path.join(dir, 'a');
    const refusal = async (name: 'openCatalog' | 'createCatalog', target: string) => {
      const r = await core.dispatch(name, { dir: target });
      return r.ok ? r : { code: r.error.code, message: r.error.message, details: r.error.details };
    };
    const typo = path.join(dir, 'catalgo');
    expect(await refusal('openCatalog', typo)).toEqual({
      code: 'BAD_INPUT',
      message: `there is no folder ${typo}; check the path, or use New catalog to create one`,
      details: { reason: 'no-such-folder', dir: typo },
    });
    expect(existsSync(typo)).toBe(false);

    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect(await refusal('openCatalog', empty)).toEqual({
      code: 'BAD_INPUT',
      message: `${empty} is not a Barcat catalog (it has no catalog.json); check the path, or use New catalog to create one there`,
      details: { reason: 'not-a-catalog', dir: empty },
    });
    expect(readdirSync(empty)).toEqual([]);

    const relative = `barcat-relative-${path.basename(dir)}`;
    for (const name of ['openCatalog', 'createCatalog'] as const)
      expect(await refusal(name, `${relative}/catalog`)).toEqual({
        code: 'BAD_INPUT',
        message: `catalog folder ${relative}/catalog is a relative path; give an absolute path`,
        details: { reason: 'relative-path', dir: `${relative}/catalog` },
      });
    expect(existsSync(relative)).toBe(false);

    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'not a folder');
    for (const target of [file, path.join(file, 'catalog')])
      expect(await refusal('createCatalog', target)).toEqual({
        code: 'BAD_INPUT',
        message: `${file} is a file, not a folder`,
        details: { reason: 'not-a-folder', dir: file },
      });
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    expect((await core.handlers.catalogInfo({})).dir).toBe(a);

    const b = path.join(dir, 'b');
    expect(await core.handlers.createCatalog({ dir: b })).toEqual({ dir: b, seriesCount: 0, empty: true });
    expect(readdirSync(b).sort()).toEqual(['bars', 'catalog.json', 'manifests']);
    expect(await core.handlers.openCatalog({ dir: a })).toEqual({ dir: a, seriesCount: 0, empty: true });
  });

  it('lists the jobs of the open catalog only', async () => {
    const a = path.join(dir, 'a');
    await core.handlers.loadSampleData({});
    const sample = (await core.handlers.listJobs({})).map((j) => [j.title, j.catalogDir]);
    expect(sample).toEqual([['Load sample data', a]]);
    await core.handlers.createCatalog({ dir: path.join(dir, 'b') });
    expect(await core.handlers.listJobs({})).toEqual([]);
    await core.handlers.openCatalog({ dir: a });
    expect((await core.handlers.listJobs({})).map((j) => [j.title, j.catalogDir])).toEqual(sample);
  });
});
