import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars } from '../../../helpers/provider-server/index';
import { backfilled, catalogRows, DAY, HOUR, MIN, ohlcv, serverAndCatalog, service, T0 } from '../helpers';

const KEY = parseSeriesId('BINANCE:BTCUSDT:1m');
const HOLE = { from: T0 + DAY + 6 * HOUR, to: T0 + DAY + 7 * HOUR };
// "Now" is mid-bar on day 3: the bar containing it is still open.
const NOW = T0 + 3 * DAY + 30_500;

describe('backfill from the Binance spot protocol', () => {
  const f = serverAndCatalog(() => Date.now() + (NOW - Date.now()), { holes: [HOLE] });

  it('fills a multi-day 1m gap exactly, records the outage as checked-empty and never asks for the open bar', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await svc.start({
      series: 'BINANCE:BTCUSDT:1m',
      from: T0,
      provider: 'binance-spot',
      baseUrl: f.server.url,
    });
    const done = await svc.wait(job.id);
    expect(done.state).toBe('done');
    const expected = expectedBars(f.server.spec, 'BTCUSDT', MIN, T0, NOW - 30_500, NOW);
    expect(expected.length).toBe(3 * 1440 - 60);
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(ohlcv(expected));
    expect(done.progress.barsWritten).toBe(expected.length);
    const a = await f.cat.catalog.availability(KEY, { range: { from: T0, to: NOW - 30_500 } });
    expect(a.gaps).toEqual([]);
    expect(a.checkedEmpty.map(({ from, to, provider }) => ({ from, to, provider }))).toEqual([
      { ...HOLE, provider: 'binance-spot' },
    ]);
    expect(done.summary?.checkedEmpty).toEqual([HOLE]);
    // 4260 bars in windows of 1000: 5 requests, none reaching the still-open bar.
    const klines = f.server.requests.filter((r) => r.path === '/api/v3/klines');
    expect(klines.length).toBe(5);
    expect(Math.max(...klines.map((r) => Number(r.query.endTime)))).toBeLessThan(NOW - 30_500);
    expect(klines.map((r) => Number(r.query.limit))).toEqual([1000, 1000, 1000, 1000, 320]);
  });

  it('asks nothing again for a filled range, and re-asks a checked-empty range only when forced', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const range = {
      series: 'BINANCE:BTCUSDT:1m',
      from: T0 + DAY,
      to: T0 + 2 * DAY,
      provider: 'binance-spot' as const,
      baseUrl: f.server.url,
    };
    await svc.wait((await svc.start(range)).id);
    const before = f.server.requests.length;
    await expect(svc.start(range).then((j) => svc.wait(j.id))).resolves.toMatchObject({
      state: 'done',
      progress: { requestsTotal: 0 },
    });
    expect(f.server.requests.length).toBe(before);
    const forced = await backfilled(svc, { ...range, forceRecheck: true });
    expect(forced.progress.requestsTotal).toBe(1);
    const last = f.server.requests.at(-1)!;
    expect([Number(last.query.startTime), Number(last.query.endTime)]).toEqual([HOLE.from, HOLE.to - 1]);
  });
});
