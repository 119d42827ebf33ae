import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeFields,
  encodeHandshake,
  encodeMessage,
  FrameReader,
} from '../../../../src-main/engines/providers/ibkr/codec';
import { IbConnection } from '../../../../src-main/engines/providers/ibkr/connection';
import { ibkrFirstBar, ibSession } from '../../../../src-main/engines/providers/ibkr/index';
import { reqHistoricalData } from '../../../../src-main/engines/providers/ibkr/messages';
import { Pacer } from '../../../../src-main/engines/providers/ibkr/pacing';
import { SettingsPatchSchema } from '../../../../src-shared/contract';
import { DEFAULT_IBKR_SERIES, type IbkrSeries } from '../../../../src-shared/domain/ibkr';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { AAPL, IBM, SHEL_B, sessionBars, virtualClock } from '../../../helpers/tws/data';
import { closeTws, startTws } from '../../../helpers/tws/session';
import type { StandInOptions, TwsStandIn } from '../../../helpers/tws/stand-in';
import { cliAt } from '../cli-io';
import { backfilled, catalogRows, ohlcv, serviceOn, tempCatalog } from '../helpers';
import { twsAndCatalog } from '../tws-and-catalog';

const DAY = 86_400_000;
const MON = Date.UTC(2024, 2, 4); // Monday 2024-03-04
const NOW = Date.UTC(2024, 5, 3);
const HEAD = Date.UTC(1990, 0, 2);

describe('ibkr codec: framed TWS messages', () => {
  it('frames fields as a big-endian length and NUL-terminated text, both ways', () => {
    const bytes = encodeMessage([71, 2, 7, '', true]);
    expect([...bytes]).toEqual([0, 0, 0, 10, 0x37, 0x31, 0, 0x32, 0, 0x37, 0, 0, 0x31, 0]);
    const reader = new FrameReader();
    // Split mid-length and mid-payload: nothing comes out until the message is whole.
    expect(reader.push(bytes.subarray(0, 2))).toEqual([]);
    expect(reader.push(bytes.subarray(2, 9))).toEqual([]);
    expect(reader.push(Buffer.concat([bytes.subarray(9), encodeMessage([9, 1, 1])]))).toEqual([
      ['71', '2', '7', '', '1'],
      ['9', '1', '1'],
    ]);
  });

  it('the handshake is "API\\0" then the framed version range without a NUL', () => {
    expect(encodeHandshake(100, 193).toString('latin1')).toBe('API\0\0\0\0\x09v100..193');
  });

  it('reqHistoricalData at server version 193 has the documented field order', () => {
    const fields = reqHistoricalData(
      2,
      {
        conId: 0,
        symbol: 'MNQ',
        secType: 'CONTFUT',
        lastTradeDateOrContractMonth: '',
        exchange: 'GLOBEX',
        primaryExch: '',
        currency: 'USD',
        localSymbol: '',
        tradingClass: '',
      },
      {
        endDateTime: '20220701-00:00:00',
        barSize: '1 secs',
        duration: '1 D',
        useRth: false,
        whatToShow: 'TRADES',
      },
    );
    expect(decodeFields(encodeMessage(fields).subarray(4))).toEqual([
      '20',
      '2',
      '0',
      'MNQ',
      'CONTFUT',
      '',
      '',
      '',
      '',
      'GLOBEX',
      '',
      'USD',
      '',
      '',
      '0',
      '20220701-00:00:00',
      '1 secs',
      '1 D',
      '0',
      'TRADES',
      '2',
      '0',
      '',
    ]);
  });

  it('a payload not ending in NUL is refused', () => {
    expect(() => decodeFields(Buffer.from('9\x001'))).toThrow('TWS message does not end in a NUL');
  });
});

describe('ibkr against the TWS stand-in', () => {
  let tws: TwsStandIn;
  let cat: Awaited<ReturnType<typeof tempCatalog>>;
  let clock: ReturnType<typeof virtualClock>;
  const start = async (extra: Partial<StandInOptions> = {}) => {
    tws = await startTws({
      now: clock.now,
      headTimestamp: HEAD,
      ...extra,
    });
  };
  beforeEach(async () => {
    clock = virtualClock(NOW);
    cat = await tempCatalog();
  });
  afterEach(() => closeTws(tws, cat));
  const run = async (series: string, from: number, to: number, ibkr?: Partial<IbkrSeries>) => {
    const svc = serviceOn(cat, clock);
    return backfilled(svc, {
      series,
      provider: 'ibkr',
      from,
      to,
      baseUrl: tws.url(),
      ...(ibkr ? { ibkr: { ...DEFAULT_IBKR_SERIES, ...ibkr } } : {}),
    });
  };
  /** The first parked request of a day's backfill of `series`. */
  const firstParked = async (series: string) => (await run(series, MON, MON + DAY)).parked[0];
  /** A refusal that no retry changes, in these words. */
  const refused = (error: string) => ({ permanent: true, error });

  it('handshake: server version 193, the account, farm notices kept as notices, not errors', async () => {
    await start();
    const conn = await IbConnection.open({ host: '127.0.0.1', port: tws.port, clientId: 7 });
    expect(conn.serverVersion).toBe(193);
    expect(conn.accounts).toBe('DU1234567');
    // The farm notices follow nextValidId: wait for them, not for a fixed time.
    await expect.poll(() => conn.notices.map((n) => n.code)).toEqual([2104, 2106, 2158]);
    conn.close();
  });

  it('nobody listening: "start TWS or IB Gateway and enable API connections on port N", the job parks (retryable)', async () => {
    await start();
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const svc = serviceOn(cat, clock);
    const job = await backfilled(svc, {
      series: 'NYSE:IBM:1m',
      provider: 'ibkr',
      from: MON,
      to: MON + DAY,
      baseUrl: `tws://127.0.0.1:${port}?clientId=7`,
    });
    expect(job.state).toBe('failed');
    expect(job.parked[0]).toMatchObject({
      error: `Interactive Brokers: no TWS or IB Gateway answers at 127.0.0.1:${port} (ECONNREFUSED); start TWS or IB Gateway and enable API connections on port ${port} (Configure > API > Settings)`,
    });
    expect(job.parked[0]!.permanent).toBeUndefined();
  });

  it('contract: NASDAQ:AAPL resolves once (cached per series) and its bars are exactly the source', async () => {
    await start();
    const job = await run('NASDAQ:AAPL:5m', MON, MON + 2 * DAY);
    expect(job.state).toBe('done');
    expect(tws.requests.filter((r) => r.msgId === 9).map((r) => r.fields.slice(3, 13))).toEqual([
      ['0', 'AAPL', 'STK', '', '', '', '', 'SMART', '', 'USD'],
    ]);
    expect(await catalogRows(cat.catalog, parseSeriesId('NASDAQ:AAPL:5m'))).toEqual(
      ohlcv(sessionBars(AAPL.conId, 300_000, MON, MON + 2 * DAY, true)),
    );
    expect(tws.violations).toEqual([]);
  });

  it('an ambiguous symbol lists the candidates with conIds and parks for good; pinning a conId resolves it', async () => {
    await start();
    const job = await run('NYSE:SHEL:1m', MON, MON + DAY);
    expect(job.state).toBe('failed');
    expect(job.parked[0]).toMatchObject(
      refused(
        'Interactive Brokers has 2 contracts for NYSE:SHEL: conId 1001 SHEL STK on SMART (primary NYSE) in USD, SHELL PLC-ADR; conId 1002 SHEL STK on SMART (primary NYSE) in USD, SHELL PLC-ADR WHEN ISSUED. Choose one for the series: in its details (Contract), or with --con-id ID',
      ),
    );
    expect(tws.dataRequests()).toEqual([]);
    const pinned = await run('NYSE:SHEL:1m', MON, MON + DAY, { conId: 1002 });
    expect(pinned.state).toBe('done');
    expect(await catalogRows(cat.catalog, parseSeriesId('NYSE:SHEL:1m'))).toEqual(
      ohlcv(sessionBars(SHEL_B.conId, 60_000, MON, MON + DAY, true)),
    );
  });

  it('error 200 (no security definition) is a permanent refusal in words', async () => {
    await start();
    expect(await firstParked('NYSE:NOPE:1m')).toMatchObject(
      refused(
        'Interactive Brokers has no contract for NYSE:NOPE (error 200: No security definition has been found for the request); check the symbol, venue and currency, or choose a contract (conId) for the series',
      ),
    );
  });

  it('error 354 (no market data permission) is a permanent refusal in words', async () => {
    await start({ noPermission: [IBM.conId] });
    expect(await firstParked('NYSE:IBM:1m')).toMatchObject(
      refused(
        'Interactive Brokers: the account has no market data permission for NYSE:IBM 1m TRADES (error 354: Requested market data is not subscribed.); subscribe to its market data in Client Portal',
      ),
    );
  });

  it('error 162 "HMDS query returned no data" is recorded as checked-empty (before the head timestamp)', async () => {
    await start({ headTimestamp: Date.UTC(2024, 2, 6) });
    const job = await run('NYSE:IBM:1d', MON, MON + 2 * DAY);
    expect(job).toMatchObject({ state: 'done', progress: { barsWritten: 0 } });
    const a = await cat.catalog.availability(parseSeriesId('NYSE:IBM:1d'));
    expect(a.checkedEmpty.map(({ from, to, provider }) => ({ from, to, provider }))).toEqual([
      { from: MON, to: MON + 2 * DAY, provider: 'ibkr' },
    ]);
  });

  it('error 162 pacing violation from TWS backs off a minute on the clock, is counted, and the request is sent again', async () => {
    await start({ pacingAt: [2] });
    const job = await run('NYSE:IBM:1m', MON, MON + 3 * DAY);
    expect(job.state).toBe('done');
    expect(ibSession({ host: '127.0.0.1', port: tws.port, clientId: 7 }).pacer.violations).toBe(1);
    const at = tws.dataRequests().map((r) => r.at - NOW);
    expect(at.length).toBe(4);
    expect(at[2]! - at[1]!).toBe(60_000);
    expect(await catalogRows(cat.catalog, parseSeriesId('NYSE:IBM:1m'))).toEqual(
      ohlcv(sessionBars(IBM.conId, 60_000, MON, MON + 3 * DAY, true)),
    );
  });

  it('a connection dropped mid-job: the job waits for TWS to come back, resumes, and ends with every bar', async () => {
    await start({ dropAt: [3], downFor: 2 });
    const job = await run('NYSE:IBM:1m', MON, MON + 5 * DAY);
    expect(job.state).toBe('done');
    expect(tws.drops).toBe(1);
    expect(tws.connections).toBe(2);
    expect(ibSession({ host: '127.0.0.1', port: tws.port, clientId: 7 }).reconnects).toBe(1);
    expect(await catalogRows(cat.catalog, parseSeriesId('NYSE:IBM:1m'))).toEqual(
      ohlcv(sessionBars(IBM.conId, 60_000, MON, MON + 5 * DAY, true)),
    );
    expect(tws.violations).toEqual([]);
  });

  it('"all history" starts at the head timestamp (reqHeadTimestamp)', async () => {
    await start();
    expect(
      await ibkrFirstBar(tws.url(), 'NYSE', 'IBM', undefined, {
        clock,
        signal: new AbortController().signal,
      }),
    ).toBe(HEAD);
    expect(tws.requests.at(-1)?.fields.slice(0, 3)).toEqual(['87', tws.requests.at(-1)?.fields[1], '8314']);
  });
});

/** `barcat add ibkr:AAPL` of daily bars over all of its history. */
const ADD_AAPL = ['add', 'ibkr:AAPL', '--timeframe', '1d', '--all-history'];

describe('barcat add ibkr:SYMBOL --all-history (the CLI, against the stand-in on the real clock)', () => {
  // A short history (Wednesday to Friday): pacing here runs on the real clock.
  const now = Date.UTC(2024, 5, 1, 12);
  const head = Date.UTC(2024, 4, 29, 13, 30);
  const f = twsAndCatalog({ now: () => Date.now(), headTimestamp: head }, 9);

  it('resolves the contract, files it under its primary exchange, starts at the head timestamp', async () => {
    const r = await f.cli(now, ADD_AAPL);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      /^job bf-\S+ done: NASDAQ:AAPL:1d from ibkr, 2024-05-29T00:00:00Z \.\. 2024-06-01T00:00:00Z\n/,
    );
    // The contract twice (the symbol alone, then the series on its venue), the head, one request of daily bars.
    expect(f.tws.requests.map((q) => q.msgId)).toEqual([9, 9, 87, 20]);
    expect(r.out).toContain('requests 1, retries 0, bars written 3\n');
    expect(await catalogRows(f.cat.catalog, parseSeriesId('NASDAQ:AAPL:1d'))).toEqual(
      ohlcv(sessionBars(AAPL.conId, DAY, Date.UTC(2024, 4, 29), Date.UTC(2024, 5, 1), true)),
    );
    expect((await f.cat.catalog.availability(parseSeriesId('NASDAQ:AAPL:1d'))).provider).toBe('ibkr');
  });

  it('--ib-port must be a port number', async () => {
    const r = await cliAt(now, [...ADD_AAPL, '--ib-port', 'x', '--catalog', f.cat.dir]);
    expect([r.code, r.err]).toEqual([
      2,
      'barcat: --ib-port "x" must be a port number: 7496, 7497, 4001, 4002 (TWS live, TWS paper, IB Gateway live, IB Gateway paper)\n',
    ]);
  });
});

describe('ibkr pacing, before sending', () => {
  it('no identical request within 15 s; a sixth request for one contract waits for the 2 s window; 61st waits for 10 minutes', () => {
    const p = new Pacer();
    const at = async (t: number, id: string, contract = 'c') => {
      const clock = { now: () => t, sleep: async () => undefined };
      expect(p.waitFor(id, contract, t)).toBe(0);
      (await p.acquire(id, contract, clock))();
    };
    return (async () => {
      await at(0, 'a');
      expect(p.waitFor('a', 'c', 10_000)).toBe(5_000);
      for (let i = 1; i < 5; i++) await at(i, `b${i}`);
      expect(p.waitFor('z', 'c', 10)).toBe(1_990);
      expect(p.waitFor('z', 'other', 10)).toBe(0);
      for (let i = 5; i < 60; i++) await at(i * 2_000, `d${i}`, `c${i}`);
      expect(p.waitFor('e', 'x', 200_000)).toBe(400_000);
      // A clock set back does not stall the pacer for the difference.
      expect(p.waitFor('e', 'x', -3_600_000)).toBe(0);
    })();
  });

  it('at most 50 open requests: the 51st waits until one is answered', async () => {
    const p = new Pacer();
    let t = 0;
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
        await new Promise((r) => setImmediate(r));
      },
    };
    const releases = [];
    for (let i = 0; i < 50; i++) {
      t += 700_000; // past every time rule
      releases.push(await p.acquire(`r${i}`, `c${i}`, clock));
    }
    let sent = false;
    const next = p.acquire('r50', 'c50', clock).then(() => {
      sent = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(sent).toBe(false);
    releases[0]!();
    await next;
    expect(sent).toBe(true);
  });

  it('the app settings take a tws:// base URL for ibkr', () => {
    expect(
      SettingsPatchSchema.parse({ providers: { ibkr: { baseUrl: 'tws://127.0.0.1:4002?clientId=3' } } }),
    ).toEqual({
      providers: { ibkr: { baseUrl: 'tws://127.0.0.1:4002?clientId=3' } },
    });
  });
});
