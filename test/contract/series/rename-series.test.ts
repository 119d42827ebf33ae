import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { jobsDir, writeJobFile } from '../../../src-main/engines/catalog/index';
import type { EventName } from '../../../src-shared/contract';
import { jobView } from '../../helpers/job-view';
import { seedMinutes, tempCoreOf } from '../temp-core';

let events: { name: EventName; payload: unknown }[];

const { core } = tempCoreOf('barcat-rename-contract-', { dataDir: null });
beforeEach(async () => {
  await seedMinutes(core(), 'BINANCE:BTCUSDT:1m', 90);
  events = [];
  core().events.subscribe((name, payload) => events.push({ name, payload }));
});

describe('renameSeries command', () => {
  it('renames, answers the new id and announces both ids', async () => {
    // Results an earlier series of the new name left: reused by file name, so they must go.
    const stale = path.join(core().catalog().dir, 'quality/BINANCE~BTC_USDT~1m.json');
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, '{}');
    const r = await core().dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', symbol: 'btc/usdt' });
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
    const list = await core().catalog().listSeries();
    expect(list.map((s) => [s.id, s.rows])).toEqual([['BINANCE:BTC_USDT:1m', 90]]);
  });

  it('the Jobs panel names the renamed series by its new id', async () => {
    const view = jobView({
      id: 'import-1',
      kind: 'import',
      title: 'Import BTCUSDT-1m.csv',
      seriesIds: ['BINANCE:BTCUSDT:1m'],
    });
    writeJobFile(jobsDir(core().catalog().dir), { view, ownerPid: null });
    await core().dispatch('openCatalog', { dir: core().catalog().dir });
    await core().dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', symbol: 'BTCUSD' });
    const jobs = await core().dispatch('listJobs', {});
    expect(jobs).toMatchObject({ ok: true, value: [{ id: 'import-1', seriesIds: ['BINANCE:BTCUSD:1m'] }] });
  });

  it('refuses with reason codes the form words: target_exists, invalid_name', async () => {
    await seedMinutes(core(), 'KRAKEN:BTCUSDT:1m', 3);
    expect(
      await core().dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', venue: 'KRAKEN' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'DATA', details: { reason: 'target_exists', series: 'KRAKEN:BTCUSDT:1m' } },
    });
    expect(await core().dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', venue: '..' })).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: 'cannot rename to that: venue ".." contains ".."',
        details: { reason: 'invalid_name', field: 'venue' },
      },
    });
    expect(await core().dispatch('renameSeries', { id: 'BINANCE:BTCUSDT:1m', symbol: 'CON' })).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: expect.stringMatching(
          /^cannot rename to that: symbol "CON" is a device name Windows reserves/,
        ),
        details: { reason: 'invalid_name', field: 'symbol' },
      },
    });
    expect(events).toEqual([]);
  });
});
