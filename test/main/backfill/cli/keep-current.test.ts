import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { beforeEach, describe, expect, it } from 'vitest';
import { updateLockPath } from '../../../../src-main/engines/backfill/keep-current/update-lock';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars, TEST_KEYS } from '../../../helpers/provider-server/index';
import { cliAt, spawnCli } from '../cli-io';
import { catalogRows, DAY, HOUR, MIN, ohlcv, serverAndCatalog, T0 } from '../helpers';

const BTC = parseSeriesId('BINANCE:BTCUSDT:1h');
const ETH = parseSeriesId('BINANCE:ETHUSDT:1h');
// The stand-in's first BTCUSDT bar; ETHUSDT starts a day earlier.
const FIRST = T0 + 3 * HOUR;
const NOW1 = T0 + 2 * DAY + 30 * MIN; // the 2 * DAY bar is still open

describe('barcat add and barcat update', () => {
  let now = NOW1;
  beforeEach(() => {
    now = NOW1;
  });
  const f = serverAndCatalog(() => now, {
    symbols: ['BTCUSDT', 'ETHUSDT', 'AAPL'],
    listedFrom: { BTCUSDT: FIRST, ETHUSDT: FIRST - DAY, AAPL: T0 },
  });

  const barcat = (args: string[], env: Record<string, string> = {}) =>
    cliAt(now, [...args, '--base-url', f.server.url, '--catalog', f.cat.dir], env);
  const expected = (symbol: string, from: number, to: number) =>
    ohlcv(expectedBars(f.server.spec, symbol, HOUR, from, to, now));
  const klineRequests = () => f.server.requests.filter((r) => r.path === '/api/v3/klines');

  it('add --all-history: probes the first bar, records venue, calendar and provider, stores closed bars only', async () => {
    const r = await barcat(['add', 'binance-spot:btcusdt', '--timeframe', '1h', '--all-history']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^job bf-\S+ done: BINANCE:BTCUSDT:1h from binance-spot, 2024-03-04T03:00:00Z \.\. 2024-03-06T00:00:00Z\n {2}requests 1, retries 0, bars written 45\n/,
    );
    // The probe: the oldest kline from startTime=0; its open time is the stand-in's first bar.
    expect(f.server.requests.map((q) => [q.path, q.query.startTime, q.query.limit])).toEqual([
      ['/api/v3/exchangeInfo', undefined, undefined],
      ['/api/v3/klines', '0', '1'],
      ['/api/v3/klines', String(FIRST), '45'],
    ]);
    expect(await catalogRows(f.cat.catalog, BTC)).toEqual(expected('BTCUSDT', FIRST, T0 + 2 * DAY));
    const a = await f.cat.catalog.availability(BTC);
    expect([a.venue, a.calendar, a.provider, a.first, a.last]).toEqual([
      'BINANCE',
      '24x7',
      'binance-spot',
      FIRST,
      T0 + 2 * DAY - HOUR,
    ]);
  });

  it('add refuses a symbol the provider does not list, and creates nothing', async () => {
    const r = await barcat(['add', 'binance-spot:DOGEUSDT', '--timeframe', '1h', '--from', '2024-03-04']);
    expect([r.code, r.err]).toEqual([
      2,
      'barcat: Binance spot has no symbol "DOGEUSDT"; "barcat symbols binance-spot DOGEUSDT" searches its list\n',
    ]);
    expect(await f.cat.catalog.listSeries()).toEqual([]);
  });

  it('update: the still-open bar is not stored, and is once it has closed', async () => {
    // A --to past now is cut at the last closed bar: the open 00:00 bar is not stored.
    await barcat([
      'add',
      'binance-spot:BTCUSDT',
      '--timeframe',
      '1h',
      '--from',
      '2024-03-05',
      '--to',
      '2024-03-07',
    ]);
    expect((await f.cat.catalog.availability(BTC)).last).toBe(T0 + 2 * DAY - HOUR);
    const sent = klineRequests().length;
    const same = await barcat(['update', 'BINANCE:BTCUSDT:1h']);
    expect([same.code, same.out]).toEqual([
      0,
      'BINANCE:BTCUSDT:1h up-to-date: up to date (last closed bar ends 2024-03-06T00:00:00Z)\n',
    ]);
    expect(klineRequests().length).toBe(sent);
    // An hour later: the 00:00 bar has closed, the 01:00 bar is open and is not stored.
    now = NOW1 + HOUR;
    const r = await barcat(['update', 'BINANCE:BTCUSDT:1h']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^BINANCE:BTCUSDT:1h done 2024-03-06T00:00:00Z \.\. 2024-03-06T01:00:00Z, 1 bars written, job bf-\S+\n$/,
    );
    expect((await f.cat.catalog.availability(BTC)).last).toBe(T0 + 2 * DAY);
    // Once the 01:00 bar has closed, the next run adds it.
    now = NOW1 + 2 * HOUR;
    const later = await barcat(['update', 'BINANCE:BTCUSDT:1h']);
    expect(later.out).toMatch(
      /^BINANCE:BTCUSDT:1h done 2024-03-06T01:00:00Z \.\. 2024-03-06T02:00:00Z, 1 bars written, job bf-\S+\n$/,
    );
    expect(await catalogRows(f.cat.catalog, BTC)).toEqual(
      expected('BTCUSDT', T0 + DAY, T0 + 2 * DAY + 2 * HOUR),
    );
  });

  it('update reports a series it cannot update on its own line and goes on with the others', async () => {
    await barcat(['add', 'binance-spot:BTCUSDT', '--timeframe', '1h', '--from', '2024-03-05']);
    now = NOW1 + HOUR;
    const r = await barcat(['update', 'BINANCE:NOPE:1h', 'BINANCE:BTCUSDT:1h']);
    expect(r.code).toBe(3);
    expect(r.out.split('\n')[0]).toBe(
      `BINANCE:NOPE:1h error: series BINANCE:NOPE:1h is not in the catalog ${f.cat.dir}; run "barcat list" to see what is there`,
    );
    expect(r.out.split('\n')[1]).toMatch(/^BINANCE:BTCUSDT:1h done .*, 1 bars written/);
  });

  it('add a stock from Alpaca: venue from its asset list, the venue calendar, provider recorded', async () => {
    const r = await barcat(
      [
        'add',
        'alpaca:AAPL',
        '--timeframe',
        '1h',
        '--from',
        '2024-03-04',
        '--to',
        '2024-03-05',
        '--symbols-url',
        f.server.url,
      ],
      { BARCAT_ALPACA_KEY_ID: TEST_KEYS.alpacaKeyId, BARCAT_ALPACA_SECRET: TEST_KEYS.alpacaSecret },
    );
    expect([r.code, r.out.replace(/bf-\S+/, 'ID')]).toEqual([
      0,
      'job ID done: NASDAQ:AAPL:1h from alpaca, 2024-03-04T00:00:00Z .. 2024-03-05T00:00:00Z\n  requests 1, retries 0, bars written 6\n  checked-empty ranges 0\n  parked failures 0\n',
    ]);
    const key = parseSeriesId('NASDAQ:AAPL:1h');
    const a = await f.cat.catalog.availability(key);
    expect([a.calendar, a.provider]).toEqual(['xnas', 'alpaca']);
    // Only the session's hours were asked for (the xnas calendar's gaps), and stored as the stand-in has them.
    const hours = [15, 16, 17, 18, 19, 20].map((h) => T0 + h * HOUR);
    expect(await catalogRows(f.cat.catalog, key)).toEqual(
      expected('AAPL', T0, T0 + DAY).filter((b) => hours.includes(b.ts)),
    );
    expect(f.server.requests.map((q) => q.path)).toEqual(['/v2/assets', '/v2/stocks/AAPL/bars']);
  });

  it('add a stock from Polygon with all history: the first daily bar found, XNAS from its ticker list', async () => {
    const r = await barcat(['add', 'polygon:AAPL', '--timeframe', '1h', '--all-history', '--rate', '50'], {
      BARCAT_POLYGON_KEY: TEST_KEYS.polygonKey,
    });
    expect([r.code, r.out.replace(/bf-\S+/, 'ID')]).toEqual([
      0,
      'job ID done: XNAS:AAPL:1h from polygon, 2024-03-04T00:00:00Z .. 2024-03-06T00:00:00Z\n  requests 2, retries 0, bars written 12\n  checked-empty ranges 0\n  parked failures 0\n',
    ]);
    expect(f.server.requests.map((q) => q.path).slice(0, 3)).toEqual([
      '/v3/reference/tickers',
      '/v3/reference/tickers',
      // The probe: the first daily bar from Polygon's history start (2003-09-10).
      `/v2/aggs/ticker/AAPL/range/1/day/${Date.UTC(2003, 8, 10)}/${now}`,
    ]);
    const key = parseSeriesId('XNAS:AAPL:1h');
    const a = await f.cat.catalog.availability(key);
    expect([a.calendar, a.provider, a.first]).toEqual(['xnas', 'polygon', T0 + 15 * HOUR]);
  });

  it('update --extend-to and --all-history fetch backwards to a date, then to the first bar', async () => {
    await barcat(['add', 'binance-spot:BTCUSDT', '--timeframe', '1h', '--from', '2024-03-05']);
    const r = await barcat(['update', 'BINANCE:BTCUSDT:1h', '--extend-to', '2024-03-04T12:00:00Z']);
    expect(r.out).toMatch(
      /^BINANCE:BTCUSDT:1h done 2024-03-04T12:00:00Z \.\. 2024-03-05T00:00:00Z, 12 bars written, job bf-\S+\n$/,
    );
    expect(await catalogRows(f.cat.catalog, BTC)).toEqual(expected('BTCUSDT', T0 + 12 * HOUR, T0 + 2 * DAY));
    const all = await barcat(['update', 'BINANCE:BTCUSDT:1h', '--all-history']);
    expect(all.out).toMatch(
      /^BINANCE:BTCUSDT:1h done 2024-03-04T03:00:00Z \.\. 2024-03-04T12:00:00Z, 9 bars written, job bf-\S+\n$/,
    );
    expect(await catalogRows(f.cat.catalog, BTC)).toEqual(expected('BTCUSDT', FIRST, T0 + 2 * DAY));
    const again = await barcat(['update', 'BINANCE:BTCUSDT:1h', '--all-history']);
    expect(again.out).toBe('BINANCE:BTCUSDT:1h up-to-date: already reaches back to 2024-03-04T03:00:00Z\n');
  });

  it('update --all twice: the second run sends no kline request', async () => {
    await barcat(['add', 'binance-spot:BTCUSDT', '--timeframe', '1h', '--from', '2024-03-05']);
    await barcat(['add', 'binance-spot:ETHUSDT', '--timeframe', '1h', '--all-history']);
    now = NOW1 + 3 * HOUR;
    const first = await barcat(['update', '--all', '--json']);
    expect(first.code).toBe(0);
    expect(
      JSON.parse(first.out).map(
        (o: { series: string; status: string; job: { progress: { barsWritten: number } } }) => [
          o.series,
          o.status,
          o.job.progress.barsWritten,
        ],
      ),
    ).toEqual([
      ['BINANCE:BTCUSDT:1h', 'done', 3],
      ['BINANCE:ETHUSDT:1h', 'done', 3],
    ]);
    const sent = klineRequests().length;
    const second = await barcat(['update', '--all']);
    expect([second.code, second.out]).toEqual([
      0,
      'BINANCE:BTCUSDT:1h up-to-date: up to date (last closed bar ends 2024-03-06T03:00:00Z)\nBINANCE:ETHUSDT:1h up-to-date: up to date (last closed bar ends 2024-03-06T03:00:00Z)\n',
    ]);
    expect(klineRequests().length).toBe(sent);
    expect(await catalogRows(f.cat.catalog, ETH)).toEqual(
      expected('ETHUSDT', FIRST - DAY, T0 + 2 * DAY + 3 * HOUR),
    );
  });

  it('a lock left by a process that is gone is taken over', async () => {
    await barcat(['add', 'binance-spot:BTCUSDT', '--timeframe', '1h', '--from', '2024-03-05']);
    await writeFile(
      updateLockPath(f.cat.dir),
      // The lock as this version writes it (the catalog's file lock), of a process that is gone.
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: 0, token: 'old' }),
    );
    now = NOW1 + HOUR;
    const r = await barcat(['update', '--all']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^BINANCE:BTCUSDT:1h done .*, 1 bars written/);
    expect(existsSync(updateLockPath(f.cat.dir))).toBe(false);
  });

  it('two processes run update --all at once: one updates, the other exits with the lock message', async () => {
    await barcat(['add', 'binance-spot:BTCUSDT', '--timeframe', '1h', '--from', '2024-03-05']);
    now = NOW1 + 3 * HOUR;
    // The first process's kline request is held unanswered, so it holds the lock while the second runs.
    f.server.inject({ kind: 'held', pathPrefix: '/api/v3/klines' });
    const run = (args: string[]) => {
      const c = spawnCli([...args, '--base-url', f.server.url, '--catalog', f.cat.dir], {
        BARCAT_NOW: String(now),
        BARCAT_BACKFILL_IN_PROCESS: '1',
      });
      return {
        pid: c.child.pid,
        exited: c.exited.then((code): [number | null, string] => [code, c.output()]),
      };
    };
    const a = run(['update', '--all']);
    // Its kline request arrived: it holds the lock (taken before any request).
    await f.server.held();
    const b = run(['update', '--all']);
    expect(await b.exited).toEqual([
      2,
      `barcat: another "barcat update" is running on this catalog (pid ${a.pid}); wait for it to finish, then run again\n`,
    ]);
    f.server.release();
    const [codeA, outA] = await a.exited;
    expect(codeA).toBe(0);
    expect(outA).toMatch(/^BINANCE:BTCUSDT:1h done .* 3 bars written/);
    expect(existsSync(updateLockPath(f.cat.dir))).toBe(false);
    expect(await catalogRows(f.cat.catalog, BTC)).toEqual(
      expected('BTCUSDT', T0 + DAY, T0 + 2 * DAY + 3 * HOUR),
    );
  });
});
