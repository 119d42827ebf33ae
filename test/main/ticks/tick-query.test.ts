import { describe, expect, it } from 'vitest';
import { tickWorkspaces } from './helpers';

const workspace = tickWorkspaces();

describe('barcat query --ticks / --from-ticks and barcat list', () => {
  it('prints the stored ticks with µs times, bars built on read, and the tick series with their gap days', async () => {
    const ws = await workspace();
    await ws.keepTicks('EURUSD_Ticks.csv', [
      'Gmt time,Ask,Bid,AskVolume,BidVolume',
      '02.01.2024 00:00:00.123,1.2,1.1,1,2',
      '02.01.2024 00:00:30.000,1.4,1.3,1,1',
      '02.01.2024 00:01:00.000,1.25,1.05,3,5',
      '04.01.2024 09:00:00.000,1.5,1.45,2,2',
    ]);
    const q = await ws.cli(['query', 'DUKASCOPY:EURUSD:quotes', '--ticks', '--to', '2024-01-03']);
    expect(q.stdout).toBe(
      [
        'ts,bid,ask,bid_size,ask_size',
        '2024-01-02T00:00:00.123000Z,1.1,1.2,2,1',
        '2024-01-02T00:00:30.000000Z,1.3,1.4,1,1',
        '2024-01-02T00:01:00.000000Z,1.05,1.25,5,3',
        '',
      ].join('\n'),
    );
    const bars = await ws.cli([
      'query',
      'DUKASCOPY:EURUSD:quotes',
      '--from-ticks',
      '--timeframe',
      '1m',
      '--price',
      'bid',
      '--to',
      '2024-01-03',
    ]);
    expect(bars.stdout).toBe(
      [
        'ts,open,high,low,close,volume,trades',
        '2024-01-02T00:00:00.000Z,1.1,1.3,1.1,1.3,3,2',
        '2024-01-02T00:01:00.000Z,1.05,1.05,1.05,1.05,5,1',
        '',
      ].join('\n'),
    );
    // Jan 3 (a Wednesday) has FX sessions and no tick: a gap day.
    const list = await ws.cli(['list']);
    expect(list.stdout).toBe(
      [
        'TICK SERIES              FIRST                     LAST                  TICKS  DAYS  GAP DAYS        CALENDAR',
        'DUKASCOPY:EURUSD:quotes  2024-01-02T00:00:00.123Z  2024-01-04T09:00:00Z      4     2  1 (2024-01-03)  fx',
        '',
      ].join('\n'),
    );
    const bad = await ws.cli(['query', 'DUKASCOPY:EURUSD:1m', '--ticks']);
    expect(bad.stderr).toBe(
      'barcat: tick series id "DUKASCOPY:EURUSD:1m" must look like VENUE:SYMBOL:quotes or VENUE:SYMBOL:trades; "barcat list" shows the tick series\n',
    );
  });

  it('prints trades with side and id, µs kept', async () => {
    const ws = await workspace();
    await ws.keepTicks('BTCUSDT-trades-2025-01-02.csv', [
      '100,42000.5,0.010,420.005,1735776000123456,true,true',
      '101,42001.0,0.020,840.02,1735776000223457,false,true',
    ]);
    const q = await ws.cli(['query', 'BINANCE:BTCUSDT:trades', '--ticks']);
    expect(q.stdout).toBe(
      [
        'ts,price,size,side,id',
        '2025-01-02T00:00:00.123456Z,42000.5,0.01,sell,100',
        '2025-01-02T00:00:00.223457Z,42001,0.02,buy,101',
        '',
      ].join('\n'),
    );
  });
});
