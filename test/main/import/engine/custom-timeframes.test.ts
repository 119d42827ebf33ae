import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src-main/engines/catalog/types';
import { previewImport, runImport } from '../../../../src-main/engines/import/index';
import { factsFromFileName } from '../../../../src-main/engines/import/read/file-name';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { importCatalogEach } from '../helpers';

let catalog: Catalog;
let catDir: string;
let dataDir: string;
importCatalogEach((c) => {
  ({ catalog, catDir, dataDir } = c);
});

const MIN = 60_000;
const t = (iso: string) => Date.parse(iso);

/** A CSV of bars at the given times (written as `stamp(ts)`), prices rising by one per bar. */
function csv(name: string, times: number[], stamp: (ts: number) => string): string {
  const rows = ['time,open,high,low,close,volume'];
  times.forEach((ts, i) => {
    rows.push(`${stamp(ts)},${100 + i},${101 + i},${99 + i},${100.5 + i},${10 + i}`);
  });
  const file = path.join(dataDir, name);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

/** Bars every `step` from `open` while they open before `close` (one session). */
function session(open: string, close: string, step: number): number[] {
  const out: number[] = [];
  for (let ts = t(open); ts < t(close); ts += step) out.push(ts);
  return out;
}

const utcStamp = (ts: number) => new Date(ts).toISOString();

async function importAs(file: string, venue: string, timeframe: Timeframe, tz?: string) {
  const pv = await previewImport(file, { venue, tz });
  expect(pv.inferredTimeframe).toBe(timeframe);
  expect(pv.series.timeframe).toBe(timeframe);
  expect(pv.series.conflicts).toEqual([]);
  const s = await runImport(catalog, { paths: [file], overrides: { venue, tz } });
  return s.files[0];
}

describe('custom timeframes through the production import', () => {
  it('infers 10m from bars with a hole, stores it yearly and gives exactly that hole as the gap', async () => {
    // Two NYSE sessions (09:30-16:00 New York = 14:30-21:00 UTC in January) of 10-minute bars;
    // 11:00 and 11:10 on the second day are missing.
    const hole = [t('2024-01-03T16:00:00Z'), t('2024-01-03T16:10:00Z')];
    const times = [
      ...session('2024-01-02T14:30:00Z', '2024-01-02T21:00:00Z', 10 * MIN),
      ...session('2024-01-03T14:30:00Z', '2024-01-03T21:00:00Z', 10 * MIN),
    ].filter((ts) => !hole.includes(ts));
    expect(times).toHaveLength(76);
    const file = csv('AAPL.csv', times, utcStamp);
    const result = await importAs(file, 'NYSE', '10m');
    expect(result).toMatchObject({
      status: 'imported',
      series: 'NYSE:AAPL:10m',
      rowsRead: 76,
      rowsWritten: 76,
    });
    expect(readdirSync(path.join(catDir, 'bars/venue=NYSE/symbol=AAPL/timeframe=10m'))).toEqual([
      '2024.v1.parquet',
    ]);

    const key = { venue: 'NYSE', symbol: 'AAPL', timeframe: '10m' as const };
    const a = await catalog.availability(key);
    expect(a.calendar).toBe('xnys');
    expect(a.gaps).toEqual([{ from: hole[0], to: t('2024-01-03T16:20:00Z'), missingBars: 2 }]);
    const listed = await catalog.listSeries();
    expect(listed.map((s) => [s.id, s.timeframe, s.rows, s.gapCount, s.missingBars])).toEqual([
      ['NYSE:AAPL:10m', '10m', 76, 1, 2],
    ]);
  });

  it('infers 45m from session-aligned bars on both sides of a DST change; its one gap is the missing bar', async () => {
    // TradingView-style: 09:30, 10:15, ... 15:30 New York time on Friday 2024-03-08 (EST) and Monday
    // 2024-03-11 (EDT), written as New York wall-clock times; Monday's 10:15 bar is missing.
    const wall = [
      ...session('2024-03-08T09:30:00Z', '2024-03-08T16:00:00Z', 45 * MIN),
      ...session('2024-03-11T09:30:00Z', '2024-03-11T16:00:00Z', 45 * MIN),
    ].filter((ts) => ts !== t('2024-03-11T10:15:00Z'));
    expect(wall).toHaveLength(17);
    const file = csv('SPY.csv', wall, (ts) => new Date(ts).toISOString().slice(0, 19).replace('T', ' '));
    const result = await importAs(file, 'NYSE', '45m', 'America/New_York');
    expect(result).toMatchObject({
      status: 'imported',
      series: 'NYSE:SPY:45m',
      rowsWritten: 17,
      rowsInvalid: 0,
    });
    expect(result?.problems).toEqual([]);

    const key = { venue: 'NYSE', symbol: 'SPY', timeframe: '45m' as const };
    const bars = await catalog.query(key, undefined);
    const ts = bars.getChild('ts')?.toArray() as ArrayLike<number | bigint>;
    const first = (i: number) => new Date(Number(ts[i])).toISOString();
    expect([first(0), first(1), first(8), first(9), first(10), first(16)]).toEqual([
      '2024-03-08T14:30:00.000Z',
      '2024-03-08T15:15:00.000Z',
      '2024-03-08T20:30:00.000Z',
      '2024-03-11T13:30:00.000Z',
      '2024-03-11T15:00:00.000Z',
      '2024-03-11T19:30:00.000Z',
    ]);
    const a = await catalog.availability(key);
    expect(a).toMatchObject({ calendar: 'xnys', gapCount: 1, missingBars: 1 });
    expect(a.gaps).toEqual([
      { from: t('2024-03-11T14:15:00Z'), to: t('2024-03-11T15:00:00Z'), missingBars: 1 },
    ]);
  });

  it('infers 2d from date-only rows and counts a missing 2-day bar', async () => {
    const days = [0, 2, 4, 6, 10, 12].map((d) => t('2024-01-01T00:00:00Z') + d * 86_400_000);
    const file = csv('BTCUSDT.csv', days, (ts) => new Date(ts).toISOString().slice(0, 10));
    const result = await importAs(file, 'BINANCE', '2d');
    expect(result).toMatchObject({ status: 'imported', series: 'BINANCE:BTCUSDT:2d', rowsWritten: 6 });
    const key = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '2d' as const };
    const a = await catalog.availability(key);
    expect(a.calendar).toBe('24x7');
    expect(a.gaps).toEqual([
      { from: t('2024-01-09T00:00:00Z'), to: t('2024-01-11T00:00:00Z'), missingBars: 1 },
    ]);
    expect((await catalog.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:2d']);
  });
});

describe('custom timeframes in vendor file names', () => {
  it('reads a TradingView file name as venue, symbol and minutes', () => {
    expect(factsFromFileName('NYSE_AAPL, 10.csv')).toEqual({
      venue: 'NYSE',
      symbol: 'AAPL',
      timeframe: '10m',
    });
  });

  // TradingView minutes, MT5 periods and N-day, N-week, N-month tokens; an unknown token gives none.
  it.each<[string, Timeframe | undefined]>([
    ['NYSE_SPY, 45.csv', '45m'],
    ['BINANCE_BTCUSDT, 90.csv', '90m'],
    ['BINANCE_BTCUSDT, 180.csv', '3h'],
    ['EURUSD_M10_2024.csv', '10m'],
    ['GBPUSD_H3_2024.csv', '3h'],
    ['BTCUSD_2D.csv', '2d'],
    ['BTCUSD_2W.csv', '2w'],
    ['CME_ES, 3M.csv', '3M'],
    ['AAPL-10m-2024.csv', '10m'],
    ['AAPL-7x.csv', undefined],
  ])('reads the timeframe of %s as %s', (name, timeframe) => {
    expect(factsFromFileName(name).timeframe).toBe(timeframe);
  });
});
