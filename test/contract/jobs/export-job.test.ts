import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { verifyExport } from '../../../src-main/engines/export/lake/index';
import type { JobView } from '../../../src-shared/contract';
import { minuteBars, minuteBatch, T0 } from '../../main/catalog/helpers';
import { finishedJob, tempCoreOf } from '../temp-core';

const BTC = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;

const { call, dir, core } = tempCoreOf('barcat-export-job-', {
  create: false,
  seed: async (catalogDir) => {
    const cat = await openCatalog(catalogDir);
    await cat.write(BTC, batchFromBars(minuteBars(T0, 120)), 'merge');
    await cat.write({ ...BTC, symbol: 'ETHUSDT' }, minuteBatch(T0, 30), 'merge');
    await cat.close();
  },
});

describe('startExport (the Export dialog job)', () => {
  it('writes the series into the named folder through the export engine, resampled, as a job', async () => {
    const folder = path.join(dir(), 'out');
    const { jobId } = await call<{ jobId: string }>('startExport', {
      series: ['BINANCE:BTCUSDT:1m'],
      format: 'csv',
      timeframe: '1h',
      folder,
    });
    const job = await finishedJob(call, jobId);
    const file = path.join(folder, 'BINANCE~BTCUSDT~1h.csv');
    expect(job).toMatchObject({
      kind: 'export',
      state: 'done',
      message: `1 file (2 bars) written to ${folder}: BINANCE~BTCUSDT~1h.csv`,
      problems: [],
    });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('ts,open,high,low,close,volume,complete');
    expect(lines).toHaveLength(3);
  });

  it('refuses a folder inside the catalog and a relative one, before any job starts', async () => {
    const inside = path.join(dir(), 'catalog', 'exports');
    const r = await core().dispatch('startExport', {
      series: ['BINANCE:BTCUSDT:1m'],
      format: 'csv',
      folder: inside,
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: `${inside} is inside the catalog ${path.join(dir(), 'catalog')}; export to a folder outside it`,
      },
    });
    const rel = await core().dispatch('startExport', {
      series: ['BINANCE:BTCUSDT:1m'],
      format: 'csv',
      folder: 'exports',
    });
    expect(rel).toMatchObject({ ok: false, error: { details: { reason: 'folder_not_absolute' } } });
    expect((await call<JobView[]>('listJobs')).filter((j) => j.kind === 'export')).toEqual([]);
  });

  it('a file already there fails the job and is left as it was', async () => {
    const folder = path.join(dir(), 'out2');
    const first = await call<{ jobId: string }>('startExport', {
      series: ['BINANCE:BTCUSDT:1m', 'BINANCE:ETHUSDT:1m'],
      format: 'metatrader',
      folder,
    });
    // MetaTrader's layout has no trades/vwap: what ETH loses is said, never silent.
    expect(await finishedJob(call, first.jobId)).toMatchObject({
      state: 'done',
      message: `2 files (150 bars) written to ${folder}: BINANCE~BTCUSDT~1m.csv, BINANCE~ETHUSDT~1m.csv`,
      problems: ['BINANCE~ETHUSDT~1m.csv: columns trades, vwap left out'],
      done: 2,
      total: 2,
    });
    const file = path.join(folder, 'BINANCE~BTCUSDT~1m.csv');
    const before = readFileSync(file);
    const again = await call<{ jobId: string }>('startExport', {
      series: ['BINANCE:BTCUSDT:1m'],
      format: 'metatrader',
      folder,
    });
    const job = await finishedJob(call, again.jobId);
    expect(job.state).toBe('failed');
    expect(job.message).toContain(`${file} already exists`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('startWindowsExport (the lake as an app job)', () => {
  /** Starts a windows export of 3 bars before and 2 after each event, and waits for its job to end. */
  const windowsExport = async (events: string, folder: string) => {
    const { jobId } = await call<{ jobId: string }>('startWindowsExport', {
      events,
      pre: 3,
      post: 2,
      folder,
    });
    return finishedJob(call, jobId);
  };

  it('cuts the windows in the export worker, reports the seal, and the lake verifies', async () => {
    const events = path.join(dir(), 'events.csv');
    writeFileSync(
      events,
      `instrument,timestamp,event_id\nBINANCE:BTCUSDT:1m,${new Date(T0 + 30 * 60_000).toISOString()},x\n`,
    );
    const folder = path.join(dir(), 'lake');
    const job = await windowsExport(events, folder);
    const v = await verifyExport(folder);
    expect(v.problems).toEqual([]);
    expect(job).toMatchObject({
      kind: 'export',
      state: 'done',
      done: 1,
      total: 1,
      message: `1 events, 5 bars in 3 files written to ${folder} (0 missing, 0 checked empty; seal ${v.seal})`,
    });
  });

  it('a failed job leaves no folder and no staging folder', async () => {
    const events = path.join(dir(), 'events.csv');
    writeFileSync(events, 'instrument,timestamp\nKRAKEN:XBTUSD:1m,2024-01-01\n');
    const folder = path.join(dir(), 'lake');
    const job = await windowsExport(events, folder);
    expect(job.state).toBe('failed');
    expect(job.message).toBe(
      `events.csv:2:1: instrument "KRAKEN:XBTUSD:1m" maps to series KRAKEN:XBTUSD:1m, which is not in the catalog ${path.join(dir(), 'catalog')}; run "barcat list"`,
    );
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(dir()).filter((n) => n.includes('staging'))).toEqual([]);
  });
});
