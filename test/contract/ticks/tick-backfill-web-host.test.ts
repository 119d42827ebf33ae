import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { tickBackfillErrorText } from '../../../src-renderer/features/ticks/backfill-words';
import type { JobView } from '../../../src-shared/contract';
import { DUKA_D1 as D1, EURUSD_TICKS as TICKS } from '../../helpers/duka-ticks';
import { jobEnded } from '../../helpers/job-end';
import { type DukascopyServer, startDukascopyServer } from '../../helpers/provider-server/vendors/dukascopy';

// In the web host (an upload folder) a page names no server for the Dukascopy job, as for every other
// provider job: the request's base URL is refused before any job, and the server comes from settings.json.
const H = 3_600_000;
let dir: string;
let server: DukascopyServer;
let core: Core | undefined;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-tick-web-'));
  mkdirSync(path.join(dir, 'upload'));
  server = await startDukascopyServer({ EURUSD: TICKS }, { EURUSD: 100_000 });
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
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
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: `this web host does not call a server a page names (${server.bi5Base}); set the server in settings.json beside the web host's data instead`,
        details: { reason: 'PAGE_SERVER', baseUrl: server.bi5Base },
      },
    });
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
});
