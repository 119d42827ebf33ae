import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/create-core';
import { manifestPath } from '../../../src-main/engines/catalog/disk/layout';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import type { CommandName, CommandOutput, JobView } from '../../../src-shared/contract';
import type { Interval } from '../../../src-shared/domain/range';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { DAY, HOUR } from '../../../src-shared/domain/timeframe';
import { subtractIntervals } from '../../../src-shared/time/intervals';
import { jobEnded } from '../../helpers/job-end';
import { expectedBars, type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { tempCore } from '../temp-core';

// What the user picks in the app is what the backfill fetches: its ranges, its provider.
const T0 = Date.UTC(2024, 2, 4);
const G1 = { from: T0 + DAY, to: T0 + DAY + 3 * HOUR };
const G2 = { from: T0 + 3 * DAY, to: T0 + 3 * DAY + 5 * HOUR };
const G3 = { from: T0 + 6 * DAY, to: T0 + 6 * DAY + 2 * HOUR };

let dir: string;
let core: Core;
let server: ProviderServer;

// The stand-in starts before the core and stops after it (after-hooks run last registered first).
beforeEach(async () => {
  server = await startProviderServer();
});
afterEach(() => server.close());
tempCore(
  'barcat-backfill-provider-',
  (d, c) => {
    dir = d;
    core = c;
  },
  { dataDir: null },
);

beforeEach(async () => {
  const providers = Object.fromEntries(
    (['binance-spot', 'alpaca', 'polygon'] as const).map((p) => [p, { baseUrl: server.url }]),
  );
  await call('setSettings', { providers });
});

async function call<K extends CommandName>(name: K, input: unknown): Promise<CommandOutput<K>> {
  const r = await core.dispatch(name, input);
  if (!r.ok)
    throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details });
  return r.value as CommandOutput<K>;
}

/** Writes the stand-in's bars of [from, to) less `holes`, so the series has exactly those gaps. */
async function seriesWithGaps(id: string, symbol: string, from: number, to: number, holes: Interval[]) {
  const keep = subtractIntervals([{ from, to }], holes);
  const bars = expectedBars(server.spec, symbol, HOUR, from, to, Date.now()).filter((b) =>
    keep.some((k) => b.ts >= k.from && b.ts < k.to),
  );
  await core.catalog().write(parseSeriesId(id), batchFromBars(bars), 'merge');
}

const finished = (jobId: string): Promise<JobView> => jobEnded(() => call('listJobs', {}), jobId);

const asked = () => server.requests.map((r) => [r.path, Number(r.query.startTime), Number(r.query.endTime)]);

describe('a backfill fetches exactly the picked ranges', () => {
  it('two picked gaps with a third between them: only the two are asked for', async () => {
    await seriesWithGaps('BINANCE:BTCUSDT:1h', 'BTCUSDT', T0, T0 + 10 * DAY, [G1, G2, G3]);
    // The first pick reaches 2 h into bars already there: reported, not fetched.
    const picked = [{ from: G1.from - 2 * HOUR, to: G1.to }, G3];
    const { jobId } = await call('startBackfill', { id: 'BINANCE:BTCUSDT:1h', ranges: picked });
    const job = await finished(jobId);
    expect(job.state).toBe('done');
    expect(asked()).toEqual([
      ['/api/v3/klines', G1.from, G1.to - 1],
      ['/api/v3/klines', G3.from, G3.to - 1],
    ]);
    const a = await call('availability', { id: 'BINANCE:BTCUSDT:1h' });
    expect(a.gaps.map(({ from, to }) => ({ from, to }))).toEqual([G2]);
    const stored = JSON.parse(readFileSync(path.join(dir, 'catalog', 'jobs', `${jobId}.json`), 'utf8'));
    expect(stored.resume.request.ranges).toEqual(picked);
    expect(stored.resume.job.summary.alreadyPresent).toEqual([{ from: G1.from - 2 * HOUR, to: G1.from }]);
  });
});

describe('each series has its own provider', () => {
  it('a BITSTAMP series has none and is never sent to Binance: Backfill names the reason', async () => {
    await seriesWithGaps('BITSTAMP:BTC-USD:1h', 'BTCUSDT', T0, T0 + 2 * DAY, [G1]);
    expect((await call('listSeries', {})).map((s) => [s.id, s.provider])).toEqual([
      ['BITSTAMP:BTC-USD:1h', null],
    ]);
    await expect(call('startBackfill', { id: 'BITSTAMP:BTC-USD:1h', ranges: [G1] })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message:
        'BITSTAMP:BTC-USD:1h has no provider set, and no provider Barcat knows serves BITSTAMP 1h bars',
      details: { reason: 'NO_PROVIDER', series: 'BITSTAMP:BTC-USD:1h', candidates: [] },
    });
    expect(server.requests).toEqual([]);
  });

  it('a stock series names the providers that could serve it; once set, it is stored and used', async () => {
    // In session (10:00-12:00 New York): the series' calendar is NASDAQ's.
    const hole = { from: T0 + DAY + 15 * HOUR, to: T0 + DAY + 17 * HOUR };
    await seriesWithGaps('NASDAQ:AAPL:1h', 'AAPL', T0, T0 + 2 * DAY, [hole]);
    await expect(call('startBackfill', { id: 'NASDAQ:AAPL:1h', ranges: [hole] })).rejects.toMatchObject({
      details: { reason: 'NO_PROVIDER', candidates: ['alpaca', 'polygon', 'ibkr'] },
    });
    expect(await call('setSeriesProvider', { id: 'NASDAQ:AAPL:1h', provider: 'alpaca' })).toEqual({
      id: 'NASDAQ:AAPL:1h',
      provider: 'alpaca',
    });
    const manifest = readFileSync(manifestPath(core.catalog().dir, parseSeriesId('NASDAQ:AAPL:1h')), 'utf8');
    expect(JSON.parse(manifest).provider).toBe('alpaca');
    expect((await call('listSeries', {})).map((s) => s.provider)).toEqual(['alpaca']);
    await call('setSettings', { providers: { alpaca: { key: 'TESTKEYID:test-secret-value' } } });
    const { jobId } = await call('startBackfill', { id: 'NASDAQ:AAPL:1h', ranges: [hole] });
    expect((await finished(jobId)).state).toBe('done');
    expect(server.requests.map((r) => r.path)).toEqual(['/v2/stocks/AAPL/bars']);
  });

  it("a Tiingo key set in the app's settings (the keychain) is the one sent", async () => {
    const id = 'NASDAQ:AAPL:1d';
    const from = T0; // Monday: one week of sessions
    const bars = expectedBars(server.spec, 'AAPL', DAY, from - 7 * DAY, from, Date.now());
    await core.catalog().write(parseSeriesId(id), batchFromBars(bars), 'merge');
    await call('setSettings', { providers: { tiingo: { baseUrl: server.url, key: 'test-tiingo-key' } } });
    await call('setSeriesProvider', { id, provider: 'tiingo' });
    const { jobId } = await call('startBackfill', { id, ranges: [{ from, to: from + 5 * DAY }] });
    expect((await finished(jobId)).state).toBe('done');
    expect(server.requests.map((r) => [r.path, r.query.startDate, r.query.endDate, r.status])).toEqual([
      ['/tiingo/daily/aapl/prices', '2024-03-04', '2024-03-08', 200],
    ]);
  });

  it('a Binance series gets binance-spot by default; set to none, Backfill says which one could serve it', async () => {
    await seriesWithGaps('BINANCE:ETHUSDT:1h', 'ETHUSDT', T0, T0 + 2 * DAY, [G1]);
    expect((await call('listSeries', {})).map((s) => s.provider)).toEqual(['binance-spot']);
    expect((await call('availability', { id: 'BINANCE:ETHUSDT:1h' })).provider).toBe('binance-spot');
    await call('setSeriesProvider', { id: 'BINANCE:ETHUSDT:1h', provider: null });
    expect((await call('listSeries', {})).map((s) => s.provider)).toEqual([null]);
    await expect(call('startBackfill', { id: 'BINANCE:ETHUSDT:1h' })).rejects.toMatchObject({
      details: { reason: 'NO_PROVIDER', candidates: ['binance-spot'] },
    });
    await expect(
      call('setSeriesProvider', { id: 'BINANCE:NOPE:1h', provider: 'binance-spot' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("a range before the provider's history is refused in words, never as a reversed range", async () => {
    const from = Date.UTC(2014, 11, 1);
    const to = Date.UTC(2014, 11, 29);
    await expect(
      call('startBackfill', { id: 'NASDAQ:AAPL:1h', ranges: [{ from, to }], provider: 'binance-spot' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message:
        'Binance spot serves bars from 2017-07-14T00:00:00.000Z on; the range 2014-12-01T00:00:00.000Z .. 2014-12-29T00:00:00.000Z ends before that',
    });
    expect(server.requests).toEqual([]);
  });
});

describe('one registry for every kind of job', () => {
  it('lists, retries and refuses retries through the same calls whatever the kind', async () => {
    await seriesWithGaps('BINANCE:NOPEUSDT:1h', 'NOPEUSDT', T0, T0 + 2 * DAY, [G1]);
    const { jobId } = await call('startBackfill', { id: 'BINANCE:NOPEUSDT:1h', ranges: [G1] });
    const job = await finished(jobId);
    // Refused for good: listed as a problem, not offered for a retry.
    expect(job).toMatchObject({ kind: 'backfill', state: 'failed', parked: 0 });
    expect(job.problems).toEqual([
      `${new Date(G1.from).toISOString()} → ${new Date(G1.to).toISOString()}: Binance spot rejected the request (HTTP 400: Invalid symbol. (code -1121)); check the symbol, timeframe and range (refused for good: not retried)`,
    ]);
    const { seriesIds } = await call('loadSampleData', {});
    expect(seriesIds.length).toBeGreaterThan(0);
    const jobs = await call('listJobs', {});
    expect(jobs.map((j) => j.kind)).toEqual(['sample', 'backfill']);
    // The unknown symbol is refused for good: the retry sends nothing and says so.
    expect(await call('retryParked', { jobId })).toEqual({ jobId });
    const again = await finished(jobId);
    expect(again.message).toContain('the source refused them for good, so a retry does not send them again');
    expect(server.requests).toHaveLength(1);
    await expect(call('retryParked', { jobId: jobs[0]!.id })).rejects.toMatchObject({
      code: 'USAGE',
      message: 'Load sample data has no parked failures to retry; start it again',
    });
    expect(await call('cancelJob', { jobId: jobs[0]!.id })).toEqual({ cancelled: false });
    await expect(call('cancelJob', { jobId: 'bf-nothing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
