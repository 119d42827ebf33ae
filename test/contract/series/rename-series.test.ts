import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { batchFromBars, jobsDir, writeJobFile } from '../../../src-main/engines/catalog/index';
import type { EventName } from '../../../src-shared/contract';
import { jobView } from '../../helpers/job-view';
import { minuteBars, T0 } from '../../main/catalog/helpers';

let dir: string;
let core: Core;
let events: { name: EventName; payload: unknown }[];

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-rename-contract-'));
  core = await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: null });
  const key = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
  await core.catalog().write(key, batchFromBars(minuteBars(T0, 90)), 'merge');
  events = [];
  core.events.subscribe((name, payload) => events.push({ name, payload }));
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('renameSeries command', () => {
  it('renames, answers the new id and announces both ids', async () => {
    // Results an earlier series of the new name left: reused by file name, so they must go.
    const stale = path.join(core.catalog().dir, 'quality/BINANCE~BTC_USDT~1m.json');
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, '{}');
    const r = await core.dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', symbol: 'btc/usdt' });
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'BINANCE:BTC_USDT:1m',
        schedulesMoved: [],
        healthSettingsMoved: false,
        groupsLeft: [],
        groupsJoined: [],
      },
    });
    expect(events).toEqual([
      { name: 'seriesChanged', payload: { ids: ['BINANCE:BTCUSDT:1m', 'BINANCE:BTC_USDT:1m'] } },
    ]);
    expect(existsSync(stale)).toBe(false);
    const list = await core.catalog().listSeries();
    expect(list.map((s) => [s.id, s.rows])).toEqual([['BINANCE:BTC_USDT:1m', 90]]);
  });

  it('the Jobs panel names the renamed series by its new id', async () => {
    const view = jobView({
      id: 'import-1',
      kind: 'import',
      title: 'Import BTCUSDT-1m.csv',
      seriesIds: ['BINANCE:BTCUSDT:1m'],
    });
    writeJobFile(jobsDir(core.catalog().dir), { view, ownerPid: null });
    await core.dispatch('openCatalog', { dir: core.catalog().dir });
    await core.dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', symbol: 'BTCUSD' });
    const jobs = await core.dispatch('listJobs', {});
    expect(jobs).toMatchObject({ ok: true, value: [{ id: 'import-1', seriesIds: ['BINANCE:BTCUSD:1m'] }] });
  });

  it('refuses with reason codes the form words: target_exists, invalid_name', async () => {
    await core
      .catalog()
      .write(
        { venue: 'KRAKEN', symbol: 'BTCUSDT', timeframe: '1m' },
        batchFromBars(minuteBars(T0, 3)),
        'merge',
      );
    expect(await core.dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', venue: 'KRAKEN' })).toMatchObject({
      ok: false,
      error: { code: 'DATA', details: { reason: 'target_exists', series: 'KRAKEN:BTCUSDT:1m' } },
    });
    expect(await core.dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', venue: '..' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { reason: 'invalid_name', field: 'venue' } },
    });
    expect(events).toEqual([]);
  });
});
