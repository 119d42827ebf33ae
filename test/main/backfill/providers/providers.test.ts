import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars, startProviderServer, TEST_KEYS } from '../../../helpers/provider-server/index';
import { backfilled, catalogRows, DAY, HOUR, MIN, ohlcv, serverAndCatalog, service, T0 } from '../helpers';

const NOW = Date.UTC(2025, 2, 10, 12);

describe('each provider family against its local stand-in', () => {
  const f = serverAndCatalog(NOW, { holes: [{ from: T0 + 5 * HOUR, to: T0 + 6 * HOUR }], maxPageRows: 6000 });
  /** Backfills `series` over [from, to) from `provider` at the stand-in and waits for the job. */
  const backfill = (
    svc: Parameters<typeof backfilled>[0],
    provider: Parameters<typeof backfilled>[1]['provider'],
    series: string,
    from: number,
    to: number,
  ) => backfilled(svc, { series, from, to, provider, baseUrl: f.server.url });

  it('binance-futures: pages of up to 1500 bars on /fapi/v1/klines', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await backfill(svc, 'binance-futures', 'BINANCEF:ETHUSDT:1m', T0, T0 + 2 * DAY);
    expect(job.state).toBe('done');
    expect(f.server.requests.map((r) => [r.path, r.query.limit])).toEqual([
      ['/fapi/v1/klines', '1500'],
      ['/fapi/v1/klines', '1380'],
    ]);
    expect(await catalogRows(f.cat.catalog, parseSeriesId('BINANCEF:ETHUSDT:1m'))).toEqual(
      ohlcv(expectedBars(f.server.spec, 'ETHUSDT', MIN, T0, T0 + 2 * DAY, NOW)),
    );
  });

  it('binance-spot with the archive: whole past months from zip files (µs timestamps in 2025), the rest from REST', async () => {
    const from = Date.UTC(2024, 11, 1);
    const to = Date.UTC(2025, 1, 3);
    const svc = service(f.cat.catalog, f.cat.dir, NOW, { archiveBaseUrl: f.server.url });
    const job = await backfill(svc, 'binance-spot', 'BINANCE:BTCUSDT:1h', from, to);
    expect(job.state).toBe('done');
    expect(f.server.requests.map((r) => r.path)).toEqual([
      '/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-12.zip.CHECKSUM',
      '/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-12.zip',
      '/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2025-01.zip.CHECKSUM',
      '/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2025-01.zip',
      '/api/v3/klines',
    ]);
    expect(await catalogRows(f.cat.catalog, parseSeriesId('BINANCE:BTCUSDT:1h'))).toEqual(
      ohlcv(expectedBars(f.server.spec, 'BTCUSDT', HOUR, from, to, NOW)),
    );
  });

  it('binance-archive alone: daily files for part months, futures files with a header', async () => {
    const from = Date.UTC(2024, 0, 30);
    const to = Date.UTC(2024, 1, 1);
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await backfill(svc, 'binance-archive', 'BINANCE:ETHUSDT:5m', from, to);
    expect(job.state).toBe('done');
    expect(
      f.server.requests.filter((r) => r.path.endsWith('.zip')).map((r) => path.basename(r.path)),
    ).toEqual(['ETHUSDT-5m-2024-01-30.zip', 'ETHUSDT-5m-2024-01-31.zip']);
    expect(await catalogRows(f.cat.catalog, parseSeriesId('BINANCE:ETHUSDT:5m'))).toEqual(
      ohlcv(expectedBars(f.server.spec, 'ETHUSDT', 5 * MIN, from, to, NOW)),
    );
  });

  it('alpaca: key headers, page_token paging, bars: null answered as empty', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const from = T0;
    const to = T0 + 6 * DAY; // 8,640 bars in one request, two pages of at most 6,000
    const job = await backfill(svc, 'alpaca', 'ALPACA:AAPL:1m', from, to);
    expect(job.state).toBe('done');
    const calls = f.server.requests.filter((r) => r.path === '/v2/stocks/AAPL/bars');
    expect(calls.map((r) => [r.query.timeframe, r.query.page_token !== undefined, r.hadKey])).toEqual([
      ['1Min', false, true],
      ['1Min', true, true],
    ]);
    expect(calls[0]!.query.start).toBe('2024-03-04T00:00:00Z');
    expect(await catalogRows(f.cat.catalog, parseSeriesId('ALPACA:AAPL:1m'))).toEqual(
      ohlcv(expectedBars(f.server.spec, 'AAPL', MIN, from, to, NOW)),
    );
    expect(job.summary?.checkedEmpty).toEqual([{ from: T0 + 5 * HOUR, to: T0 + 6 * HOUR }]);
  });

  it('alpaca: a wrong key is refused without retry, in plain words, and the key never reaches the job files', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW, {
      getKey: async () => ({ id: 'WRONG', secret: 'wrong-secret-123' }),
    });
    const job = await backfill(svc, 'alpaca', 'ALPACA:AAPL:1m', T0, T0 + DAY);
    expect(f.server.requests).toHaveLength(1);
    expect(job.summary?.message).toMatch(
      /^Alpaca stock bars rejected the key \(HTTP 401: unauthorized\.\); check the key/,
    );
    const files = await readFile(path.join(f.cat.dir, 'jobs', `${job.id}.json`), 'utf8');
    const log = await readFile(path.join(f.cat.dir, 'jobs', `${job.id}.attempts.jsonl`), 'utf8');
    expect(files + log).not.toContain('wrong-secret-123');
  });

  it('polygon: Bearer key, next_url followed on the same host, results absent when empty', async () => {
    // A paid plan's rate: the free tier's 5 requests per minute would make this test wait minutes.
    const svc = service(f.cat.catalog, f.cat.dir, NOW, { requestsPerSecond: 20 });
    const from = T0 - 2 * DAY;
    const to = T0 + 5 * DAY; // 7,200 slots in one request, two pages of at most 6,000
    const job = await backfill(svc, 'polygon', 'POLYGON:MSFT:1m', from, to);
    expect(job.state).toBe('done');
    expect(f.server.requests.map((r) => [r.query.cursor !== undefined, r.hadKey])).toEqual([
      [false, true],
      [true, true],
    ]);
    expect(f.server.requests.every((r) => r.query.apiKey === undefined)).toBe(true);
    expect(await catalogRows(f.cat.catalog, parseSeriesId('POLYGON:MSFT:1m'))).toEqual(
      ohlcv(expectedBars(f.server.spec, 'MSFT', MIN, from, to, NOW)),
    );
  });

  it('polygon: a next_url to another host is refused and the key is not sent there', async () => {
    const other = await startProviderServer({ now: () => NOW, maxPageRows: 6000 });
    try {
      // The first server's next_url points at `other`: a host the user did not choose.
      const svc = service(f.cat.catalog, f.cat.dir, NOW, {
        requestsPerSecond: 20,
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          const body = await res.text();
          return new Response(body.replaceAll(f.server.url, other.url), {
            status: res.status,
            headers: res.headers,
          });
        },
      });
      const job = await backfill(svc, 'polygon', 'POLYGON:MSFT:1m', T0, T0 + 5 * DAY);
      expect(other.requests).toEqual([]);
      expect(job.parked[0]!.error).toBe(
        `Polygon's next_url points to ${other.url}, not ${f.server.url}; the key is not sent there`,
      );
      expect(TEST_KEYS.polygonKey.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['alpaca', 'ALPACA:AAPL:1m'],
    ['polygon', 'POLYGON:AAPL:1m'],
  ] as const)(
    '%s: an empty answer (bars null / results absent) is recorded as checked-empty with the provider',
    async (provider, series) => {
      const svc = service(f.cat.catalog, f.cat.dir, NOW, { requestsPerSecond: 20 });
      const hole = { from: T0 + 5 * HOUR, to: T0 + 6 * HOUR };
      const job = await backfill(svc, provider, series, hole.from, hole.to);
      expect(job).toMatchObject({ state: 'done', progress: { barsWritten: 0, requestsDone: 1 } });
      const a = await f.cat.catalog.availability(parseSeriesId(series), { range: hole });
      expect(a.checkedEmpty.map(({ from, to, provider: p }) => ({ from, to, p }))).toEqual([
        { ...hole, p: provider },
      ]);
      expect(a.gaps).toEqual([]);
    },
  );
});
