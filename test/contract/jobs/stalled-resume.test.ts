import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import type { JobView } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { DEFAULT_STALL_MS } from '../../../src-shared/domain/series-views/health';
import { jobEnded } from '../../helpers/job-end';
import { expectedBars, type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { until } from '../../helpers/until';
import { tempCoreOf } from '../temp-core';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 4);

let server: ProviderServer;
/** The app's clock runs this far ahead of the real one: the test moves it past the stall time. */
let ahead = 0;
const { call, core } = tempCoreOf('barcat-stalled-', { now: () => Date.now() + ahead });

beforeEach(async () => {
  ahead = 0;
  server = await startProviderServer();
  await call('setSettings', { providers: { 'binance-spot': { baseUrl: server.url } } });
});
afterEach(async () => {
  await server.close();
});

const jobOf = async (id: string) => (await call<JobView[]>('listJobs')).find((j) => j.id === id);

describe('a stalled backfill', () => {
  it('is shown stalled, and Resume stops it and fetches what is still missing', async () => {
    const btc = parseSeriesId('BINANCE:BTCUSDT:1h');
    const bars = expectedBars(server.spec, 'BTCUSDT', HOUR, T0, T0 + 24 * HOUR, Date.now());
    await core()
      .catalog()
      .write(btc, batchFromBars(bars.filter((b) => b.ts < T0 + 6 * HOUR || b.ts >= T0 + 9 * HOUR)), 'merge');
    // The provider hangs on the first request: the job stays running without a heartbeat.
    server.inject({ kind: 'slow', delayMs: 120_000, pathPrefix: '/api/v3/klines' });
    const { jobId } = await call<{ jobId: string }>('startBackfill', { id: 'BINANCE:BTCUSDT:1h' });
    await until('a klines request', async () =>
      server.requests.some((r) => r.path === '/api/v3/klines') ? true : undefined,
    );
    expect((await jobOf(jobId))?.stalled).toBeUndefined();
    ahead = DEFAULT_STALL_MS + 60_000;
    expect((await jobOf(jobId))?.stalled).toBe(true);

    const resumed = await call<{ jobId: string }>('resumeJob', { jobId });
    expect(resumed.jobId).not.toBe(jobId);
    expect((await jobOf(jobId))?.state).toBe('cancelled');
    const done = await jobEnded(() => call<JobView[]>('listJobs'), resumed.jobId);
    expect([done.state, done.message]).toEqual(['done', '3 bars written']);
    expect((await call<{ gaps: unknown[] }>('availability', { id: 'BINANCE:BTCUSDT:1h' })).gaps).toEqual([]);
    // An import or verify job cannot be resumed: it says so.
    await expect(call('resumeJob', { jobId: 'import-nope' })).rejects.toThrow('no job import-nope');
  });
});
