import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars } from '../../../helpers/provider-server/index';
import { backfilled, catalogRows, DAY, HOUR, ohlcv, serverAndCatalog, service } from '../helpers';

// Answers Barcat must not trust: bars it cannot store, bodies too big to read, a zip bomb.
const NOW = Date.UTC(2025, 1, 10);
const FROM = Date.UTC(2025, 0, 6);
const TO = FROM + 2 * DAY; // 48 bars, one request
const KEY = parseSeriesId('BINANCE:ETHUSDT:1h');
const REQUEST = { series: 'BINANCE:ETHUSDT:1h', from: FROM, to: TO, provider: 'binance-spot' as const };
const MiB = 1024 * 1024;

describe('answers that cannot be taken as they come', () => {
  const f = serverAndCatalog(NOW);

  it('bars all rejected (off the grid): the range is parked with the reason, not recorded as "no data at source"', async () => {
    const rows = Array.from({ length: 48 }, (_, i) => {
      const t = FROM + i * HOUR + 1000;
      return [t, '10', '12', '9', '11', '5', t + HOUR - 1, '55', 3, '0', '0', '0'];
    });
    f.server.inject({
      kind: 'reply',
      pathPrefix: '/api/v3/klines',
      reply: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) },
    });
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const job = await backfilled(svc, { ...REQUEST, baseUrl: f.server.url });
    expect(job.state).toBe('failed');
    expect(job.parked.map(({ range, error, permanent }) => ({ range, error, permanent }))).toEqual([
      {
        range: { from: FROM, to: TO },
        error:
          '48 of 48 bars rejected (bar at 2025-01-06T00:00:01.000Z, ts: the bar time is not on the 1h grid); the range is not recorded as empty',
        permanent: undefined,
      },
    ]);
    expect(job.summary?.checkedEmpty).toEqual([]);
    const a = await f.cat.catalog.availability(KEY, { range: { from: FROM, to: TO } });
    expect(a.checkedEmpty).toEqual([]);
    expect(a.gaps.map(({ from, to }) => ({ from, to }))).toEqual([{ from: FROM, to: TO }]);

    // The source mended: a retry fetches the range.
    await svc.retryParked(job.id);
    expect((await svc.wait(job.id)).state).toBe('done');
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(
      ohlcv(expectedBars(f.server.spec, 'ETHUSDT', HOUR, FROM, TO, NOW)),
    );
  });

  it('a body that never ends is cut at the cap while it streams, and not asked for again', async () => {
    f.server.inject({ kind: 'endless', pathPrefix: '/api/v3/klines' });
    const svc = service(f.cat.catalog, f.cat.dir, NOW, { sizeLimits: { maxResponseBytes: MiB } });
    const job = await backfilled(svc, { ...REQUEST, baseUrl: f.server.url });
    expect(job.state).toBe('failed');
    expect(job.parked.map((p) => p.error)).toEqual([
      'Binance spot ETHUSDT 1h from 2025-01-06T00:00:00.000Z: the answer is larger than the 1 MiB limit (more than 1 MiB sent); refused without retry. If this size is expected, raise the limit (maxResponseBytes)',
    ]);
    expect(f.server.requests).toHaveLength(1);
    // Reading stopped near the cap (what the sockets' buffers held on top), not at the end of a body.
    await new Promise((r) => setTimeout(r, 100));
    expect(f.server.requests[0]!.bytesSent).toBeLessThan(32 * MiB);
  });

  it('a Content-Length over the cap is refused before the body is read', async () => {
    f.server.inject({
      kind: 'reply',
      pathPrefix: '/api/v3/klines',
      reply: { status: 200, headers: { 'content-type': 'application/json' }, body: new Uint8Array(2 * MiB) },
    });
    const svc = service(f.cat.catalog, f.cat.dir, NOW, { sizeLimits: { maxResponseBytes: MiB } });
    const job = await backfilled(svc, { ...REQUEST, baseUrl: f.server.url });
    expect(job.parked.map((p) => p.error)).toEqual([
      'Binance spot ETHUSDT 1h from 2025-01-06T00:00:00.000Z: the answer is larger than the 1 MiB limit (2 MiB announced); refused without retry. If this size is expected, raise the limit (maxResponseBytes)',
    ]);
    expect(f.server.requests).toHaveLength(1);
  });

  it('a zip bomb in the archive stops unpacking at the cap and is not fetched again', async () => {
    const csv = new Uint8Array(8 * MiB).fill(48);
    const zip = zipSync({ 'BTCUSDT-1h-2024-12.csv': csv }, { level: 9 });
    expect(zip.length).toBeLessThan(64 * 1024);
    const dir = '/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-12.zip';
    const sum = `${createHash('sha256').update(zip).digest('hex')}  BTCUSDT-1h-2024-12.zip\n`;
    f.server.inject({
      kind: 'reply',
      pathPrefix: `${dir}.CHECKSUM`,
      reply: { status: 200, body: strToU8(sum) },
    });
    f.server.inject({ kind: 'reply', pathPrefix: dir, reply: { status: 200, body: zip } });
    const svc = service(f.cat.catalog, f.cat.dir, NOW, {
      archiveBaseUrl: f.server.url,
      sizeLimits: { maxUnzippedBytes: MiB },
    });
    const from = Date.UTC(2024, 11, 1);
    const to = Date.UTC(2025, 0, 1);
    const job = await backfilled(svc, {
      series: 'BINANCE:BTCUSDT:1h',
      from,
      to,
      provider: 'binance-spot',
      baseUrl: f.server.url,
    });
    expect(job.state).toBe('failed');
    expect(job.parked.map((p) => [p.range, p.error])).toEqual([
      [
        { from, to },
        'BTCUSDT-1h-2024-12.zip: the answer is larger than the 1 MiB limit (more than 1 MiB once unpacked); refused without retry. If this size is expected, raise the limit (maxUnzippedBytes)',
      ],
    ]);
    expect(f.server.requests.map((r) => r.path)).toEqual([`${dir}.CHECKSUM`, dir]);
    expect(job.summary?.checkedEmpty).toEqual([]);
  });
});
