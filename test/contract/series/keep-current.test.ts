import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/create-core';
import { sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import type { CommandOutput } from '../../../src-shared/contract';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { DAY, HOUR } from '../../../src-shared/domain/timeframe';
import { type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { finishedJob, tempCore } from '../temp-core';

// Issue 13, app side: searchSymbols, addSeries and updateSeries run the engine code of `barcat
// symbols`, `barcat add` and `barcat update` against the loopback provider stand-in.

const T0 = Date.UTC(2024, 2, 4);
const FIRST = T0 + 3 * HOUR; // the stand-in's first BTCUSDT bar
const NOW = T0 + 2 * DAY + 30 * 60_000; // the 2 * DAY bar is still open

let core: Core;
let server: ProviderServer;
let now = NOW;

// The stand-in starts before the core and stops after it (after-hooks run last registered first).
beforeEach(async () => {
  now = NOW;
  server = await startProviderServer({
    now: () => now,
    symbols: ['BTCUSDT', 'ETHUSDT', 'AAPL'],
    delisted: ['LUNAUSDT'],
    listedFrom: { BTCUSDT: FIRST, ETHUSDT: FIRST - DAY, AAPL: T0 },
  });
});
afterEach(() => server.close());
const call = tempCore('barcat-keep-current-', (_dir, c) => (core = c), { now: () => now });

/** The job once it has ended (its events drive the Jobs panel; the list is what it shows). */
const ended = (jobId: string) => finishedJob(call, jobId);

const rowsOf = async (id: string) =>
  (await call<SeriesSummary[]>('listSeries')).find((s) => s.id === id)?.rows ?? null;

beforeEach(async () => {
  await call('setSettings', { providers: { 'binance-spot': { baseUrl: server.url } } });
});

/** Adds `symbol` of binance-spot at 1h with the 12 hours from T0 + DAY (the symbol as the user typed it). */
const addHalfDay = (symbol: string) =>
  call<CommandOutput<'addSeries'>>('addSeries', {
    provider: 'binance-spot',
    symbol,
    timeframe: '1h',
    from: T0 + DAY,
    to: T0 + DAY + 12 * HOUR,
  });

describe('add and extend series from the app', () => {
  it('searchSymbols lists matches with asset class, exchange and status, delisted marked', async () => {
    const found = await call<CommandOutput<'searchSymbols'>>('searchSymbols', {
      provider: 'binance-spot',
      query: 'usdt',
    });
    expect(found.warning).toBeNull();
    expect(found.symbols.map((s) => [s.symbol, s.assetClass, s.exchange, s.status, s.delisted])).toEqual([
      ['BTCUSDT', 'crypto', 'BINANCE', 'trading', false],
      ['ETHUSDT', 'crypto', 'BINANCE', 'trading', false],
      ['LUNAUSDT', 'crypto', 'BINANCE', 'halt', true],
    ]);
    // The list is cached in the catalog: a second search sends no request.
    const before = server.requests.length;
    await call('searchSymbols', { provider: 'binance-spot', query: 'eth' });
    expect(server.requests.length).toBe(before);
  });

  it('addSeries downloads a range as one backfill job; updateSeries brings it to now and extends it', async () => {
    const added = await addHalfDay('btcusdt');
    expect(added.id).toBe('BINANCE:BTCUSDT:1h');
    const job = await ended(added.jobId);
    expect([job.kind, job.state]).toEqual(['backfill', 'done']);
    expect(await rowsOf(added.id)).toBe(12);
    const a = await call<{ provider: string; calendar: string }>('availability', { id: added.id });
    expect([a.provider, a.calendar]).toEqual(['binance-spot', '24x7']);

    // To now: up to the last closed bar (the open 2 * DAY bar is not stored).
    const toNow = await call<CommandOutput<'updateSeries'>>('updateSeries', { mode: { kind: 'to-now' } });
    expect(toNow.map((o) => [o.series, o.status, o.range, o.barsWritten])).toEqual([
      ['BINANCE:BTCUSDT:1h', 'done', { from: T0 + DAY + 12 * HOUR, to: T0 + 2 * DAY }, 12],
    ]);
    expect(await rowsOf(added.id)).toBe(24);
    // Extend to the first bar the provider has.
    const back = await call<CommandOutput<'updateSeries'>>('updateSeries', {
      ids: [added.id],
      mode: { kind: 'extend', to: 'all-history' },
    });
    expect(back.map((o) => [o.status, o.range, o.barsWritten])).toEqual([
      ['done', { from: FIRST, to: T0 + DAY }, 21],
    ]);
    expect(await rowsOf(added.id)).toBe(45);
    // Nothing left to fetch: no request sent.
    const before = server.requests.length;
    const again = await call<CommandOutput<'updateSeries'>>('updateSeries', { mode: { kind: 'to-now' } });
    expect(again.map((o) => o.status)).toEqual(['up-to-date']);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a symbol the provider does not list, with its reason code, and creates nothing', async () => {
    const r = await core.dispatch('addSeries', {
      provider: 'binance-spot',
      symbol: 'DOGEUSDT',
      timeframe: '1h',
      from: T0,
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { reason: 'UNKNOWN_SYMBOL', symbol: 'DOGEUSDT' } },
    });
    expect(await call<SeriesSummary[]>('listSeries')).toEqual([]);
  });
});

describe("add series reaches the provider where the catalog's settings file says", () => {
  it('with no base URL in Settings, the settings file one is used (as schedules and the CLI use it)', async () => {
    await call('setSettings', { providers: { 'binance-spot': { baseUrl: '' } } });
    writeFileSync(
      sharedSettingsPath(core.catalog().dir),
      JSON.stringify({ version: 1, providers: { 'binance-spot': { baseUrl: server.url } } }),
    );
    const added = await addHalfDay('BTCUSDT');
    expect([(await ended(added.jobId)).state, await rowsOf(added.id)]).toEqual(['done', 12]);
  });
});
