import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTDATA_TICK_PLAN } from '../../helpers/ticks/histdata-ticks';
import { REAL_DIR } from '../import/real-files';
import { storedTicks, tickWorkspaces, us } from './helpers';

const workspace = tickWorkspaces();

const NaN_ = Number.NaN;

describe('barcat import --ticks: each format detected and imported to exact ticks', () => {
  it('Dukascopy export: local time with GMT+0200, Ask before Bid, volumes as sizes', async () => {
    const ws = await workspace();
    const f = ws.file('EURUSD_Ticks_02.01.2024-02.01.2024.csv', [
      'Local time,Ask,Bid,AskVolume,BidVolume',
      '02.01.2024 00:00:00.123 GMT+0200,1.10012,1.10010,1.5,2.25',
      '02.01.2024 00:00:01.500 GMT+0200,1.10015,1.10011,0.75,1',
      '02.01.2024 01:59:59.999 GMT+0200,1.10020,1.10018,3,4',
    ]);
    const dry = await ws.cli(['import', f, '--ticks', 'keep', '--dry-run']);
    expect(dry.stdout).toBe(
      `${f}: dukascopy quotes -> DUKASCOPY:EURUSD:quotes; time dmy-dots (UTC); columns ts=Local time, ask=Ask, bid=Bid, ask_size=AskVolume, bid_size=BidVolume; keeps the ticks\n`,
    );
    const r = await ws.cli(['import', f, '--ticks', 'keep']);
    expect(r.stdout).toBe(
      `imported: ${f}: 3 quotes read; DUKASCOPY:EURUSD:quotes: 3 ticks written, 0 replaced, 0 days unchanged\n`,
    );
    expect(r.code).toBe(0);
    expect(await storedTicks(ws.catalog, { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' })).toEqual([
      [us(2024, 1, 1, 22, 0, 0, 123), 1.1001, 1.10012, 2.25, 1.5],
      [us(2024, 1, 1, 22, 0, 1, 500), 1.10011, 1.10015, 1, 0.75],
      [us(2024, 1, 1, 23, 59, 59, 999), 1.10018, 1.1002, 4, 3],
    ]);
  });

  it('HistData ASCII ticks: fixed EST (UTC-5) all year, no sizes', async () => {
    const ws = await workspace();
    const f = ws.file('DAT_ASCII_EURUSD_T_202007.csv', [
      '20200701 170000065,1.121200,1.121720,0',
      '20200701 170010447,1.121200,1.121920,0',
    ]);
    const r = await ws.cli(['import', f, '--ticks', 'keep']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // July: New York is on daylight time, HistData is not: 17:00 EST = 22:00 UTC.
    expect(await storedTicks(ws.catalog, { venue: 'HISTDATA', symbol: 'EURUSD', kind: 'quotes' })).toEqual([
      [us(2020, 7, 1, 22, 0, 0, 65), 1.1212, 1.12172, NaN_, NaN_],
      [us(2020, 7, 1, 22, 0, 10, 447), 1.1212, 1.12192, NaN_, NaN_],
    ]);
  });

  it('Binance trades without header in µs, with header in ms, and aggTrades', async () => {
    const ws = await workspace();
    const key = { venue: 'BINANCE', symbol: 'BTCUSDT', kind: 'trades' } as const;
    await ws.keepTicks('BTCUSDT-trades-2025-01-02.csv', [
      '100,42000.5,0.010,420.005,1735776000123456,true,true',
      '101,42001.0,0.020,840.02,1735776000223457,false,true',
    ]);
    await ws.keepTicks('BTCUSDT-trades-2024-01-02.csv', [
      'id,price,qty,quote_qty,time,is_buyer_maker',
      '7,41000.25,1.5,61500.375,1704153600001,false',
    ]);
    expect(await storedTicks(ws.catalog, key)).toEqual([
      [us(2024, 1, 2, 0, 0, 0, 1), 41000.25, 1.5, 1, 7],
      [us(2025, 1, 2, 0, 0, 0, 123, 456), 42000.5, 0.01, -1, 100],
      [us(2025, 1, 2, 0, 0, 0, 223, 457), 42001, 0.02, 1, 101],
    ]);
    const agg = ws.file('ETHUSDT-aggTrades-2024-01-02.csv', [
      '5000,2300.5,0.5,9000,9002,1704153600000,false,true',
    ]);
    const dry = await ws.cli(['import', agg, '--ticks', 'keep', '--dry-run']);
    expect(dry.stdout).toContain(': binance-aggtrades trades -> BINANCE:ETHUSDT:trades; time epoch-ms (UTC)');
    expect((await ws.cli(['import', agg, '--ticks', 'keep'])).code).toBe(0);
    expect(await storedTicks(ws.catalog, { ...key, symbol: 'ETHUSDT' })).toEqual([
      [us(2024, 1, 2), 2300.5, 0.5, 1, 5000],
    ]);
  });

  it('TrueFX: the symbol from the rows, UTC times', async () => {
    const ws = await workspace();
    await ws.keepTicks('ticks.csv', [
      'EUR/USD,20240102 00:00:00.123,1.10412,1.10415',
      'EUR/USD,20240102 00:00:00.124,1.10413,1.10416',
    ]);
    expect(await storedTicks(ws.catalog, { venue: 'TRUEFX', symbol: 'EURUSD', kind: 'quotes' })).toEqual([
      [us(2024, 1, 2, 0, 0, 0, 123), 1.10412, 1.10415, NaN_, NaN_],
      [us(2024, 1, 2, 0, 0, 0, 124), 1.10413, 1.10416, NaN_, NaN_],
    ]);
  });

  it('a generic CSV with an explicit mapping and zone', async () => {
    const ws = await workspace();
    const f = ws.file('my-quotes.csv', [
      'when;b;a',
      '2024-01-02 10:00:00.5;100.5;100.75',
      '2024-01-02 10:00:01;100.25;100.5',
    ]);
    const r = await ws.cli([
      'import',
      f,
      '--ticks',
      'keep',
      '--tick-columns',
      'ts=when,bid=b,ask=3',
      '--tz',
      'Europe/Berlin',
      '--venue',
      'MYFEED',
      '--symbol',
      'XYZ',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await storedTicks(ws.catalog, { venue: 'MYFEED', symbol: 'XYZ', kind: 'quotes' })).toEqual([
      [us(2024, 1, 2, 9, 0, 0, 500), 100.5, 100.75, NaN_, NaN_],
      [us(2024, 1, 2, 9, 0, 1), 100.25, 100.5, NaN_, NaN_],
    ]);
  });

  it('a file of no known tick layout is refused with what to do', async () => {
    const ws = await workspace();
    const f = ws.file('odd.csv', ['a,b,c', '1,2,3']);
    const r = await ws.cli(['import', f, '--ticks', 'keep']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `rejected: ${f} cannot be imported as ticks: its layout is none of the tick formats known (Dukascopy, HistData, Binance trades/aggTrades, TrueFX); map its columns with --tick-columns ts=…,bid=…,ask=… or ts=…,price=…,size=…\n`,
    );
  });
});

describe('tick rules under the reject/skip policy', () => {
  const LINES = [
    '20200701 170000065,1.121200,1.121720,0',
    '20200701 170001000,1.2,1.1,0',
    '20200701 170002000,0,1.1,0',
    '20200701 165958000,1.1212,1.1213,0',
    '20200701 170001999,1.1211,1.1214,0',
  ];

  it('reject: a crossed quote, a zero price and time going back are named by file, line and column; nothing is written', async () => {
    const ws = await workspace();
    const f = ws.file('DAT_ASCII_EURUSD_T_202007.csv', LINES);
    const r = await ws.cli(['import', f, '--ticks', 'keep']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `rejected: ${f}: 3 rows break the tick rules; nothing was written (first: ${f} line 2, column 2: crossed quote: bid 1.2 is above ask 1.1 (value "1.2"); check the vendor data or pass --on-error skip to leave the row out)`,
      `  ${f} line 2, column 2: crossed quote: bid 1.2 is above ask 1.1 (value "1.2"); check the vendor data or pass --on-error skip to leave the row out`,
      `  ${f} line 3, column 2: a price must be above zero (value "0"); fix the price or pass --on-error skip to leave the row out`,
      `  ${f} line 4, column 1: time goes back 2065 ms, more than the 1000 ms tolerated (value "20200701 165958000"); sort the file, raise --tolerance-ms, or pass --on-error skip to leave the row out`,
      '',
    ]);
    await expect(
      storedTicks(ws.catalog, { venue: 'HISTDATA', symbol: 'EURUSD', kind: 'quotes' }),
    ).rejects.toThrow(/no tick series HISTDATA:EURUSD:quotes/);
  });

  it('skip: the bad rows are left out and counted, a tick late within the tolerance is put in order', async () => {
    const ws = await workspace();
    const f = ws.file('DAT_ASCII_EURUSD_T_202007.csv', [...LINES, '20200701 170001500,1.1210,1.1215,0']);
    const r = await ws.cli(['import', f, '--ticks', 'keep', '--on-error', 'skip']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      `imported: ${f}: 3 quotes read; 3 bad rows left out; 1 put back in time order; HISTDATA:EURUSD:quotes: 3 ticks written, 0 replaced, 0 days unchanged`,
    );
    expect(r.stdout).toContain(
      `  ${f} column 1: 1 ticks came up to 1000 ms out of time order and were put in order\n`,
    );
    expect(await storedTicks(ws.catalog, { venue: 'HISTDATA', symbol: 'EURUSD', kind: 'quotes' })).toEqual([
      [us(2020, 7, 1, 22, 0, 0, 65), 1.1212, 1.12172, NaN_, NaN_],
      [us(2020, 7, 1, 22, 0, 1, 500), 1.121, 1.1215, NaN_, NaN_],
      [us(2020, 7, 1, 22, 0, 1, 999), 1.1211, 1.1214, NaN_, NaN_],
    ]);
  });

  it('a repeated trade id is a problem', async () => {
    const ws = await workspace();
    const f = ws.file('BTCUSDT-trades-2024-01-02.csv', [
      '7,41000.25,1.5,61500.375,1704153600001,false',
      '7,41000.25,1.5,61500.375,1704153600001,false',
    ]);
    const r = await ws.cli(['import', f, '--ticks', 'keep', '--on-error', 'skip']);
    expect(r.stdout).toContain(
      `  ${f} line 2, column 1: trade id 7 was seen before (value "7"); remove the repeated trade or pass --on-error skip to leave it out\n`,
    );
  });
});

describe('idempotency and zips', () => {
  it('importing the same bytes again changes nothing; --force imports again and finds every day unchanged', async () => {
    const ws = await workspace();
    const f = await ws.keepTicks('DAT_ASCII_EURUSD_T_202007.csv', ['20200701 170000065,1.121200,1.121720,0']);
    const again = await ws.cli(['import', f, '--ticks', 'keep']);
    expect(again.stdout).toMatch(
      /^unchanged: DAT_ASCII_EURUSD_T_202007.csv was already imported into HISTDATA:EURUSD:quotes on .*; nothing to do \(use --force to import again\)\n$/,
    );
    const forced = await ws.cli(['import', f, '--ticks', 'keep', '--force']);
    expect(forced.stdout).toBe(
      `imported: ${f}: 1 quotes read; HISTDATA:EURUSD:quotes: 0 ticks written, 0 replaced, 1 days unchanged\n`,
    );
  });
});

describe('a real HistData tick file (../shared/testdata/real)', () => {
  it('imports all 9500 quotes, EST to UTC, from 22:00:00.065 to 04:00:52.125', async () => {
    const ws = await workspace();
    const f = path.join(REAL_DIR, 'histdata-tick/quote_tick_data.csv');
    const r = await ws.cli(['import', f, '--ticks', 'keep', '--symbol', 'EURUSD']);
    expect(r.stdout).toBe(
      `imported: ${f}: 9500 quotes read; HISTDATA:EURUSD:quotes: 9500 ticks written, 0 replaced, 0 days unchanged\n`,
    );
    const rows = await storedTicks(ws.catalog, { venue: 'HISTDATA', symbol: 'EURUSD', kind: 'quotes' });
    expect(rows.length).toBe(9500);
    expect(rows[0]).toEqual([us(2020, 1, 1, 22, 0, 0, 65), 1.1212, 1.12172, NaN_, NaN_]);
    expect(rows[9499]![0]).toBe(us(2020, 1, 2, 4, 0, 52, 125));
  });
});

describe('the plan the preview shows is the plan that runs', () => {
  it('--dry-run --json prints the plan; --tick-plan runs it verbatim, detecting nothing', async () => {
    const ws = await workspace();
    const f = ws.file('DAT_ASCII_EURUSD_T_202007.csv', ['20200701 170000065,1.121200,1.121720,0']);
    const dry = await ws.cli(['import', f, '--ticks', 'keep', '--dry-run', '--json']);
    const { previews } = JSON.parse(dry.stdout) as {
      previews: { file: string; plan: Record<string, unknown> }[];
    };
    expect(previews[0]!.plan).toEqual({ ...HISTDATA_TICK_PLAN, ticks: 'keep', price: null, timeframe: null });
    // The user's edit of the plan (another zone, another symbol) is what runs.
    const planFile = ws.file('plan.json', [
      JSON.stringify({ ...previews[0]!.plan, tz: 'UTC-4', symbol: 'EURUSD2' }),
    ]);
    const r = await ws.cli(['import', f, '--ticks', 'keep', '--tick-plan', planFile]);
    expect(r.code, r.stdout).toBe(0);
    expect(await storedTicks(ws.catalog, { venue: 'HISTDATA', symbol: 'EURUSD2', kind: 'quotes' })).toEqual([
      [us(2020, 7, 1, 21, 0, 0, 65), 1.1212, 1.12172, NaN_, NaN_],
    ]);
  });
});
