import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog, tableToBars } from '../../../src-main/engines/catalog/index';
import type { Bar } from '../../../src-shared/domain/bar';
import { tickWorkspaces } from './helpers';

const workspace = tickWorkspaces();

const M0 = Date.UTC(2024, 0, 1, 22, 0);
const M1 = M0 + 60_000;

const DUKA = [
  'Local time,Ask,Bid,AskVolume,BidVolume',
  '02.01.2024 00:00:00.000 GMT+0200,1.2,1.1,1,2',
  '02.01.2024 00:00:30.000 GMT+0200,1.4,1.3,1,1',
  '02.01.2024 00:00:59.999 GMT+0200,1.25,1.05,3,5',
  '02.01.2024 00:01:10.000 GMT+0200,1.5,1.45,2,2',
];

async function barsOf(catalog: string, series: string): Promise<{ bars: Bar[]; source: string }> {
  const [venue, symbol, timeframe] = series.split(':') as [string, string, '1m'];
  const cat = await openCatalog(catalog);
  try {
    const bars = tableToBars(await cat.query({ venue, symbol, timeframe }, undefined));
    const m = JSON.parse(
      readFileSync(path.join(catalog, 'manifests', `${venue}~${symbol}~${timeframe}.json`), 'utf8'),
    );
    return { bars, source: m.lastWrite.source };
  } finally {
    await cat.close();
  }
}

const bar = (
  ts: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
  trades: number,
) => ({
  ts,
  open,
  high,
  low,
  close,
  volume,
  trades,
});

describe('bars from ticks: barcat import --ticks bars|both --price --timeframe', () => {
  it('bid, ask and mid bars with summed sizes; the ticks kept with --ticks both', async () => {
    const ws = await workspace();
    const f = ws.file('EURUSD_Ticks_2024.01.02.csv', DUKA);
    const r = await ws.cli(['import', f, '--ticks', 'both', '--price', 'bid', '--timeframe', '1m']);
    expect(r.stdout).toBe(
      `imported: ${f}: 4 quotes read; DUKASCOPY:EURUSD:quotes: 4 ticks written, 0 replaced, 0 days unchanged; DUKASCOPY:EURUSD:1m from bid (volume = summed size): 2 bars added, 0 replaced, 0 skipped\n`,
    );
    expect(await barsOf(ws.catalog, 'DUKASCOPY:EURUSD:1m')).toEqual({
      bars: [bar(M0, 1.1, 1.3, 1.05, 1.05, 8, 3), bar(M1, 1.45, 1.45, 1.45, 1.45, 2, 1)],
      source: 'ticks:DUKASCOPY:EURUSD:quotes price=bid volume = summed size',
    });
    // Other prices into other venues' series of the same file (bars only: no ticks kept).
    for (const [price, venue] of [
      ['ask', 'ASKS'],
      ['mid', 'MIDS'],
    ] as const) {
      const out = await ws.cli([
        'import',
        f,
        '--ticks',
        'bars',
        '--price',
        price,
        '--timeframe',
        '1m',
        '--venue',
        venue,
      ]);
      expect(out.code, out.stdout).toBe(0);
    }
    expect((await barsOf(ws.catalog, 'ASKS:EURUSD:1m')).bars).toEqual([
      bar(M0, 1.2, 1.4, 1.2, 1.25, 5, 3),
      bar(M1, 1.5, 1.5, 1.5, 1.5, 2, 1),
    ]);
    const mid = (a: number, b: number) => (a + b) / 2;
    expect((await barsOf(ws.catalog, 'MIDS:EURUSD:1m')).bars).toEqual([
      bar(M0, mid(1.2, 1.1), mid(1.4, 1.3), mid(1.25, 1.05), mid(1.25, 1.05), 1.5 + 1 + 4, 3),
      bar(M1, mid(1.5, 1.45), mid(1.5, 1.45), mid(1.5, 1.45), mid(1.5, 1.45), 2, 1),
    ]);
    const cat = await openCatalog(ws.catalog);
    expect((await cat.ticks.list()).map((s) => s.id)).toEqual(['DUKASCOPY:EURUSD:quotes']);
    await cat.close();
  });

  it('ticks without sizes give the tick count as volume, and say so', async () => {
    const ws = await workspace();
    const f = ws.file('DAT_ASCII_EURUSD_T_202007.csv', [
      '20200701 170000000,1.1,1.2,0',
      '20200701 170000500,1.3,1.4,0',
      '20200701 170001000,1.2,1.3,0',
    ]);
    const r = await ws.cli(['import', f, '--ticks', 'bars', '--price', 'bid', '--timeframe', '1s']);
    expect(r.stdout).toBe(
      `imported: ${f}: 3 quotes read; HISTDATA:EURUSD:1s from bid (volume = tick count): 2 bars added, 0 replaced, 0 skipped\n`,
    );
    const t = Date.UTC(2020, 6, 1, 22);
    expect(await barsOf(ws.catalog, 'HISTDATA:EURUSD:1s')).toEqual({
      bars: [bar(t, 1.1, 1.3, 1.1, 1.3, 2, 2), bar(t + 1000, 1.2, 1.2, 1.2, 1.2, 1, 1)],
      source: 'ticks:HISTDATA:EURUSD:quotes price=bid volume = tick count',
    });
  });

  it('last-trade bars from Binance trades sum the trade sizes; a quote price for trades is refused', async () => {
    const ws = await workspace();
    const f = ws.file('BTCUSDT-trades-2024-01-02.csv', [
      '1,100.5,0.5,50.25,1704153600000,false',
      '2,101,0.25,25.25,1704153610000,true',
      '3,99,1,99,1704153660000,false',
    ]);
    const bad = await ws.cli(['import', f, '--ticks', 'bars', '--price', 'bid', '--timeframe', '1m']);
    expect(bad.stdout).toBe(
      `rejected: ${f} cannot be imported as ticks: it holds trades: bars from it use --price last, not bid\n`,
    );
    expect((await ws.cli(['import', f, '--ticks', 'both', '--timeframe', '1m'])).code).toBe(0);
    const t = Date.UTC(2024, 0, 2);
    expect(await barsOf(ws.catalog, 'BINANCE:BTCUSDT:1m')).toEqual({
      bars: [bar(t, 100.5, 101, 100.5, 101, 0.75, 2), bar(t + 60_000, 99, 99, 99, 99, 1, 1)],
      source: 'ticks:BINANCE:BTCUSDT:trades price=last volume = summed size',
    });
  });

  it('with the ticks kept, a bar split over two files is built from the ticks of both', async () => {
    const ws = await workspace();
    const a = ws.file('BTCUSDT-trades-2024-01-02.csv', [
      '1,100,1,100,1704153600000,false',
      '2,102,1,102,1704153610000,false',
    ]);
    const b = ws.file('BTCUSDT-trades-2024-01-02b.csv', [
      '3,98,2,196,1704153620000,false',
      '4,99,1,99,1704153670000,false',
    ]);
    for (const f of [a, b])
      expect(
        (await ws.cli(['import', f, '--ticks', 'both', '--timeframe', '1m', '--symbol', 'BTCUSDT'])).code,
      ).toBe(0);
    const t = Date.UTC(2024, 0, 2);
    expect((await barsOf(ws.catalog, 'BINANCE:BTCUSDT:1m')).bars).toEqual([
      bar(t, 100, 102, 98, 98, 4, 3),
      bar(t + 60_000, 99, 99, 99, 99, 1, 1),
    ]);
  });
});
