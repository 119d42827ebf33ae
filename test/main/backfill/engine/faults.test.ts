import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars, type FaultKind } from '../../../helpers/provider-server/index';
import { backfilled, catalogRows, DAY, MIN, ohlcv, serverAndCatalog, service, T0 } from '../helpers';

const KEY = parseSeriesId('BINANCE:ETHUSDT:1m');
const NOW = T0 + 10 * DAY;
const FROM = T0;
const TO = T0 + 3000 * MIN; // three requests of 1000 bars
const REQUEST = { series: 'BINANCE:ETHUSDT:1m', from: FROM, to: TO, provider: 'binance-spot' as const };

describe('backfill through injected faults', () => {
  const f = serverAndCatalog(NOW);

  const expected = () => ohlcv(expectedBars(f.server.spec, 'ETHUSDT', MIN, FROM, TO, NOW));
  const run = async (extra = {}) => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await backfilled(svc, { ...REQUEST, baseUrl: f.server.url, ...extra });
    return { svc, job };
  };

  it.each(['429', '418'] as const)(
    '%s: waits out Retry-After, sends nothing inside it, then gets every bar',
    async (kind) => {
      f.server.inject({ kind, retryAfterSec: 1, pathPrefix: '/api/v3/klines' });
      const { job } = await run();
      expect(job.state).toBe('done');
      const log = f.server.requests;
      const hit = log.findIndex((r) => r.fault === kind);
      expect(hit).toBe(0);
      expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(1000);
      expect(log.filter((r) => r.status === 418 && r.fault === null)).toEqual([]);
      expect(f.server.limitStats()).toEqual({ rateLimited: 0, banned: 0 });
      expect(job.summary).toMatchObject({ requests: 4, retries: 1, parked: 0 });
      expect(await catalogRows(f.cat.catalog, KEY)).toEqual(expected());
    },
  );

  it.each<FaultKind>(['500', '503', 'slow', 'reset', 'truncated'])(
    '%s: retried, then every bar arrives',
    async (kind) => {
      f.server.inject({ kind, times: 2, delayMs: 4000, retryAfterSec: 0, pathPrefix: '/api/v3/klines' });
      const { job } = await run();
      expect(job.state).toBe('done');
      expect(f.server.requests.slice(0, 3).map((r) => r.fault)).toEqual([kind, kind, null]);
      expect(job.summary).toMatchObject({ requests: 5, retries: 2, parked: 0 });
      expect(job.attempts.filter((a) => a.outcome === 'retry')).toHaveLength(2);
      expect(await catalogRows(f.cat.catalog, KEY)).toEqual(expected());
    },
  );

  it('parks a request that keeps failing, goes on with the rest, and one retry call completes it', async () => {
    f.server.inject({ kind: '500', times: 5, pathPrefix: '/api/v3/klines' });
    const { svc, job } = await run();
    expect(job.state).toBe('failed');
    expect(job.parked).toHaveLength(1);
    expect(job.parked[0]).toMatchObject({
      range: { from: FROM, to: FROM + 1000 * MIN },
      status: 500,
      attempts: 5,
    });
    expect(job.parked[0]!.error).toMatch(
      /^HTTP 500 server error: An unknown error occurred .* \(gave up after 5 attempts\)$/,
    );
    expect(job.progress.barsWritten).toBe(2000);
    const again = await svc.retryParked(job.id);
    expect(again.id).toBe(job.id);
    const done = await svc.wait(job.id);
    expect(done).toMatchObject({ state: 'done', parked: [], progress: { barsWritten: 3000 } });
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(expected());
  });

  it('451: does not retry, says why in plain words, parks the whole job', async () => {
    f.server.inject({ kind: '451', pathPrefix: '/api/v3/klines' });
    const { job } = await run();
    expect(f.server.requests).toHaveLength(1);
    expect(job.state).toBe('failed');
    expect(job.parked).toHaveLength(3);
    expect(job.summary?.message).toBe(
      `Binance spot refuses requests from this region (HTTP 451); set another base URL (--base-url); 3 requests parked (retry with "barcat jobs retry ${job.id}")`,
    );
  });

  it('400 (an unknown symbol): no retry, the server message is shown, parked for good', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await backfilled(svc, { ...REQUEST, series: 'BINANCE:NOPEUSDT:1m', baseUrl: f.server.url });
    expect(f.server.requests).toHaveLength(1);
    const refusal =
      'Binance spot rejected the request (HTTP 400: Invalid symbol. (code -1121)); check the symbol, timeframe and range';
    expect(job.parked.map((p) => [p.error, p.permanent])).toEqual([
      [refusal, true],
      [refusal, true],
      [refusal, true],
    ]);
    // A retry sends nothing: the same request would get the same refusal. It says so.
    await svc.retryParked(job.id);
    const again = await svc.wait(job.id);
    expect(f.server.requests).toHaveLength(1);
    expect(again.state).toBe('failed');
    expect(again.parked).toHaveLength(3);
    expect(again.summary?.message).toBe(
      `${refusal}; 3 requests parked; the source refused them for good, so a retry does not send them again (check the symbol, or pick another provider for the series)`,
    );
  });

  it('cancel: no request is sent after it, and what was written stays', async () => {
    f.server.inject({ kind: 'slow', delayMs: 1000, times: 100, pathPrefix: '/api/v3/klines' });
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await svc.start({ ...REQUEST, baseUrl: f.server.url });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await svc.cancel(job.id)).toBe(true);
    const seen = f.server.requests.length;
    const final = await svc.wait(job.id);
    expect(final.state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 800));
    expect(f.server.requests.length).toBe(seen);
    expect(final.progress.barsWritten).toBe(1000);
    expect((await catalogRows(f.cat.catalog, KEY)).length).toBe(1000);
  });

  it('418 with a ban longer than the job may wait: parks the rest, sends nothing more to the host', async () => {
    f.server.inject({ kind: '418', retryAfterSec: 600, pathPrefix: '/api/v3/klines' });
    const svc = service(f.cat.catalog, f.cat.dir, NOW, {
      policy: { baseMs: 5, capMs: 50, timeoutMs: 1500, maxWaitMs: 60_000 },
    });
    const job = await backfilled(svc, { ...REQUEST, baseUrl: f.server.url });
    expect(job.state).toBe('failed');
    expect(job.parked[0]!.error).toBe(
      'HTTP 418: Binance spot banned this address for 600 s: Way too much request weight used; IP banned until later. (code -1003); waiting 600 s is longer than allowed, parked for a later retry',
    );
    // The ban pauses the host: the other two requests are parked unsent, not fired into the ban.
    expect(f.server.requests).toHaveLength(1);
    expect(job.parked).toHaveLength(3);
  });
});
