import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { tickBackfillErrorText } from '../../../src-renderer/features/ticks/backfill-words';
import type { JobView, Settings } from '../../../src-shared/contract';
import { SettingsProblemSchema } from '../../../src-shared/domain/settings/settings-problem';
import { jobEnded } from '../../helpers/job-end';
import { type DukascopyServer, startDukascopyServer } from '../../helpers/provider-server/vendors/dukascopy';
import { DUKA_D1 as D1, EURUSD_TICKS as TICKS } from '../../helpers/ticks/duka-ticks';
import { tempDirEach } from '../../main/catalog/helpers';

// In the web host (an upload folder) a page names no server for the Dukascopy job, as for every other
// provider job: the request's base URL is refused before any job, and the server comes from settings.json.
const H = 3_600_000;
/** What the web host answers a request that names a server (refusePageServer). */
const pageServerRefusal = (url: string) => ({
  ok: false,
  error: {
    code: 'BAD_INPUT',
    message: `this web host does not call a server a page names (${url}); set the server in settings.json beside the web host's data instead`,
    details: { reason: 'PAGE_SERVER', baseUrl: url },
  },
});
// Registered first, so removed last: after the core and the stand-in close.
const tmp = tempDirEach('barcat-tick-web-');
let dir: string;
let server: DukascopyServer;
let core: Core | undefined;

beforeEach(async () => {
  dir = tmp();
  mkdirSync(path.join(dir, 'upload'));
  server = await startDukascopyServer({ EURUSD: TICKS }, { EURUSD: 100_000 });
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await server.close();
});

const webCore = async () => {
  core = await createCore({
    catalogDir: path.join(dir, 'catalog'),
    dataDir: dir,
    uploadDir: path.join(dir, 'upload'),
  });
  return core;
};

describe('Dukascopy backfill in the web host', () => {
  it('refuses a base URL the page sends, with a reason code the renderer words, and starts no job', async () => {
    const c = await webCore();
    const r = await c.dispatch('startTickBackfill', {
      symbol: 'EURUSD',
      from: D1,
      to: D1 + 2 * H,
      baseUrl: server.bi5Base,
    });
    expect(r).toEqual(pageServerRefusal(server.bi5Base));
    if (r.ok) return;
    expect(tickBackfillErrorText(r.error.message, r.error.details)).toBe(
      `This web host does not call a server named in the page (${server.bi5Base}). Leave Server empty: the host uses the Dukascopy server of its settings file, else Dukascopy's own.`,
    );
    const jobs = await c.dispatch('listJobs', {});
    expect(jobs).toEqual({ ok: true, value: [] });
    expect(server.requests).toHaveLength(0);
  });

  it('calls the server of settings.json when the page names none', async () => {
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ providers: { dukascopy: { baseUrl: server.bi5Base } } }),
    );
    const c = await webCore();
    const r = await c.dispatch('startTickBackfill', { symbol: 'EURUSD', from: D1, to: D1 + 2 * H });
    if (!r.ok) throw new Error(r.error.message);
    const { jobId } = r.value as { jobId: string };
    const list = async () => {
      const l = await c.dispatch('listJobs', {});
      return l.ok ? (l.value as JobView[]) : [];
    };
    expect(await jobEnded(list, jobId)).toMatchObject({ state: 'done', done: 2, total: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a provider server set through setSettings, so the job still calls the one of settings.json', async () => {
    const own = await startDukascopyServer({ EURUSD: TICKS }, { EURUSD: 100_000 });
    try {
      writeFileSync(
        path.join(dir, 'settings.json'),
        JSON.stringify({ providers: { dukascopy: { baseUrl: own.bi5Base } } }),
      );
      const c = await webCore();
      // A bar provider's server (the backfill jobs read them the same way) is refused with the reason code.
      const r = await c.dispatch('setSettings', {
        defaultTimezone: 'Europe/Berlin',
        providers: { 'binance-spot': { baseUrl: server.url } },
      });
      expect(r).toEqual(pageServerRefusal(server.url));
      if (r.ok) return;
      // The details are a settings problem, which the Settings dialog words (settings-problem.test.ts).
      expect(SettingsProblemSchema.safeParse(r.error.details).success).toBe(true);
      // Emptying a server is a change as well; Dukascopy's is no settings key a patch may carry.
      expect((await c.dispatch('setSettings', { providers: { 'binance-spot': { baseUrl: '' } } })).ok).toBe(
        false,
      );
      const duka = await c.dispatch('setSettings', {
        providers: { dukascopy: { baseUrl: server.bi5Base } },
      } as never);
      expect(duka.ok).toBe(false);
      const read = await c.dispatch('getSettings', {});
      expect(read).toMatchObject({ ok: true, value: { defaultTimezone: 'UTC' } });
      expect((read as { value: Settings }).value.providers['binance-spot']!.baseUrl).toBe('');

      const started = await c.dispatch('startTickBackfill', { symbol: 'EURUSD', from: D1, to: D1 + 2 * H });
      if (!started.ok) throw new Error(started.error.message);
      const list = async () => {
        const l = await c.dispatch('listJobs', {});
        return l.ok ? (l.value as JobView[]) : [];
      };
      const { jobId } = started.value as { jobId: string };
      expect(await jobEnded(list, jobId)).toMatchObject({ state: 'done', done: 2, total: 2 });
      expect(server.requests).toHaveLength(0);
      expect(own.requests).toHaveLength(2);

      // The other settings still save in the web host.
      const saved = await c.dispatch('setSettings', { defaultTimezone: 'Europe/Berlin', readCacheMb: 64 });
      expect(saved).toMatchObject({ ok: true, value: { defaultTimezone: 'Europe/Berlin', readCacheMb: 64 } });
    } finally {
      await own.close();
    }
  });
});
