import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTempDir } from '../../main/catalog/helpers';
import { tempCoreOf } from '../temp-core';

const HOST_DIR = fileTempDir('barcat-web-host-').dir;
const UPLOADS = path.join(HOST_DIR, 'uploads');
const EXPORTS = path.join(HOST_DIR, 'exports');
// The web host's core: reads only from uploads, exports only into the exports folder.
const { dir, core } = tempCoreOf('barcat-web-export-', { uploadDir: UPLOADS, exportDir: EXPORTS });

/** The refusal of a folder outside the exports folder, as the web host's core answers it. */
const outside = (folder: string) => ({
  ok: false,
  error: {
    code: 'BAD_INPUT',
    message: `${folder} is outside this web host's exports folder ${EXPORTS}; export to a folder inside it`,
    details: { reason: 'OUTSIDE_EXPORTS', path: folder },
  },
});
const exportTo = (folder: string) =>
  core().dispatch('startExport', { series: ['BINANCE:BTCUSDT:1m'], format: 'csv', folder });

describe('export folders in the web host', () => {
  it('refuses a series export outside the exports folder, making no folder', async () => {
    const elsewhere = path.join(dir(), 'anywhere', 'deep');
    expect(await exportTo(elsewhere)).toEqual(outside(elsewhere));
    expect(existsSync(path.join(dir(), 'anywhere'))).toBe(false);
    // Inside the exports folder it starts.
    expect((await exportTo(path.join(EXPORTS, 'mine'))).ok).toBe(true);
  });

  it('refuses an event-window lake outside the exports folder', async () => {
    mkdirSync(UPLOADS, { recursive: true });
    const events = path.join(UPLOADS, 'events.csv');
    writeFileSync(events, 'symbol,ts\nBINANCE:BTCUSDT:1h,2024-03-04T00:00:00Z\n');
    const out = path.join(dir(), 'lake');
    const r = await core().dispatch('startWindowsExport', {
      events,
      pre: 2,
      post: 2,
      timeframe: '1h',
      folder: out,
    });
    expect(r).toEqual(outside(out));
  });

  it('refuses a dangling link in the exports folder that points outside it, making nothing there', async () => {
    mkdirSync(EXPORTS, { recursive: true });
    const target = path.join(dir(), 'made-through-a-link');
    const link = path.join(EXPORTS, 'dangling');
    symlinkSync(target, link);
    expect(await exportTo(link)).toEqual(outside(link));
    expect(existsSync(target)).toBe(false);
  });

  it('refuses to verify a folder outside the exports folder (a page reads only there too)', async () => {
    const elsewhere = path.join(dir(), 'someone-elses');
    mkdirSync(elsewhere, { recursive: true });
    expect(await core().dispatch('verifyExport', { folder: elsewhere })).toEqual(outside(elsewhere));
  });
});
