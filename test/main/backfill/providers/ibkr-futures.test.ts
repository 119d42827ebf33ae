import { describe, expect, it } from 'vitest';
import { ibkrRoot, ibkrSeriesSymbol } from '../../../../src-shared/domain/ibkr';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { CONTRACTS, ES_CONT, ES_H5, FUTURES, sessionBars } from '../../../helpers/tws/data';
import { catalogRows, ohlcv } from '../helpers';
import { twsAndCatalog } from '../tws-and-catalog';

// Futures through IB: one expiry chosen explicitly (FUT, lastTradeDateOrContractMonth) or IB's
// continuous contract (CONTFUT); the series id carries which (CME:ES-202503:1h, CME:ES-CONT:1d).
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('futures series ids', () => {
  it('a future of one expiry is ROOT-EXPIRY, a continuous one ROOT-CONT; the root is read back from them', () => {
    expect(ibkrSeriesSymbol('ES', { secType: 'FUT', expiry: '202503' })).toBe('ES-202503');
    expect(ibkrSeriesSymbol('ES', { secType: 'CONTFUT' })).toBe('ES-CONT');
    expect(ibkrSeriesSymbol('AAPL', { secType: 'STK' })).toBe('AAPL');
    expect(ibkrRoot('ES-202503', { secType: 'FUT', expiry: '202503' })).toEqual({ root: 'ES' });
    expect(ibkrRoot('ES-CONT', { secType: 'CONTFUT' })).toEqual({ root: 'ES' });
    expect(ibkrRoot('ES', { secType: 'FUT', expiry: '202503' })).toEqual({
      error: 'the FUT series symbol "ES" must be ROOT-202503 (the root, then its expiry)',
    });
  });
});

describe('barcat add ibkr:ES with --sec-type FUT / CONTFUT (against the TWS stand-in)', () => {
  const now = Date.UTC(2025, 2, 8, 12);
  const head = Date.UTC(2025, 2, 3, 14, 30);
  const f = twsAndCatalog(
    { now: () => Date.now(), contracts: [...CONTRACTS, ...FUTURES], headTimestamp: head },
    4,
  );
  /** The contract block of a request (conId .. includeExpired). */
  const block = (fields: string[], at: number) => fields.slice(at, at + 13);

  it('FUT 202503: the expiry is asked for, the series is CME:ES-202503:1h, bars of that contract exactly', async () => {
    const r = await f.cli(now, [
      'add',
      'ibkr:ES',
      '--sec-type',
      'FUT',
      '--expiry',
      '202503',
      '--timeframe',
      '1h',
      '--from',
      '2025-03-03',
      '--to',
      '2025-03-05',
    ]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^job bf-\S+ done: CME:ES-202503:1h from ibkr/);
    const details = f.tws.requests.filter((q) => q.msgId === 9).map((q) => block(q.fields, 3));
    expect(details).toEqual([
      // The row (any exchange), then the series on its venue: FUT, the expiry, includeExpired 1.
      ['0', 'ES', 'FUT', '202503', '', '', '', '', '', '', '', '', '1'],
      ['0', 'ES', 'FUT', '202503', '', '', '', 'CME', '', '', '', '', '1'],
    ]);
    const data = f.tws.dataRequests();
    expect(data.map((q) => [q.msgId, ...block(q.fields, 2), ...q.fields.slice(15, 21)])).toEqual([
      [
        20,
        String(ES_H5.conId),
        'ES',
        'FUT',
        '20250321',
        '',
        '',
        '',
        'CME',
        '',
        'USD',
        'ES',
        'ES',
        '1',
        '20250305-00:00:00',
        '1 hour',
        '2 D',
        '1',
        'TRADES',
        '2',
      ],
    ]);
    const key = parseSeriesId('CME:ES-202503:1h');
    expect(await catalogRows(f.cat.catalog, key)).toEqual(
      ohlcv(sessionBars(ES_H5.conId, HOUR, Date.UTC(2025, 2, 3), Date.UTC(2025, 2, 5), true)),
    );
    expect((await f.cat.catalog.availability(key)).ibkr).toEqual({
      whatToShow: 'TRADES',
      useRth: true,
      conId: 0,
      secType: 'FUT',
      expiry: '202503',
    });
    expect(f.tws.violations).toEqual([]);
  });

  it('CONTFUT --all-history: head timestamp and bars asked for the continuous contract by symbol and exchange', async () => {
    const r = await f.cli(now, [
      'add',
      'ibkr:ES',
      '--sec-type',
      'CONTFUT',
      '--timeframe',
      '1d',
      '--all-history',
    ]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^job bf-\S+ done: CME:ES-CONT:1d from ibkr, 2025-03-03T00:00:00Z/);
    const contfut = ['0', 'ES', 'CONTFUT', '', '', '', '', 'CME', '', 'USD', '', '', '0'];
    expect(
      f.tws.dataRequests().map((q) => [q.msgId, ...block(q.fields, 2), ...q.fields.slice(15, 18)]),
    ).toEqual([
      [87, ...contfut, '1', 'TRADES', '2'],
      [20, ...contfut, '20250308-00:00:00', '1 day', '5 D'],
    ]);
    expect(await catalogRows(f.cat.catalog, parseSeriesId('CME:ES-CONT:1d'))).toEqual(
      ohlcv(sessionBars(ES_CONT.conId, DAY, Date.UTC(2025, 2, 3), Date.UTC(2025, 2, 8), true)),
    );
    expect(f.tws.violations).toEqual([]);
  });

  it('a series symbol that does not carry the expiry is refused in words, before any data request', async () => {
    const r = await f.cli(now, [
      'backfill',
      'CME:ES:1h',
      '--provider',
      'ibkr',
      '--sec-type',
      'FUT',
      '--expiry',
      '202503',
      '--from',
      '2025-03-03',
      '--to',
      '2025-03-04',
      '--create',
    ]);
    expect(r.out).toContain(
      'Interactive Brokers: the FUT series symbol "ES" must be ROOT-202503 (the root, then its expiry)',
    );
    expect(f.tws.requests).toEqual([]);
  });
});
