import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fileTempDir } from '../main/catalog/helpers';
import { barsTable, cli, importMinutesArgs, pgSql, type Row } from './helpers';

const tmp = fileTempDir('barcat-pgspan-');
const { catalogDir: dir } = tmp;
const args = (...more: string[]) => importMinutesArgs(inject('pgUrl'), 'span_bars', dir, ...more);

/** One row a day at the same time; closes step by 1/4 so every month's sum is exact. */
function dailyRows(symbol: string, start: string, n: number): Row[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) => {
    const close = 100 + (i % 8) / 4;
    return {
      venue: 'BINANCE',
      symbol,
      ts: new Date(t0 + i * 86_400_000).toISOString(),
      open: close,
      high: close + 1,
      low: close - 1,
      close,
      volume: 10 + (i % 5),
    };
  });
}

const at = (iso: string) => Date.parse(iso);

/**
 * Changes the table after the migration (each statement changing exactly the rows given), then
 * verifies: the check fails (exit 1); its parity report.
 */
async function parityAfter(changes: [sql: string, rows: number][]) {
  for (const [sql, rows] of changes) expect((await pgSql(sql)).rowCount).toBe(rows);
  const r = await cli(args('--verify', '--json'));
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout).parity;
}

// BTCUSDT: 820 days, 2021-11-15 to 2024-02-12 (28 months over four calendar years, 28 monthly
// partitions of the catalog read one month at a time); ETHUSDT: 300 days, 2022-12-20 to 2023-10-15.
const btc = dailyRows('BTCUSDT', '2021-11-15T12:00:00Z', 820);
const eth = dailyRows('ETHUSDT', '2022-12-20T06:00:00Z', 300);

describe('the parity check over a table that spans several years', () => {
  beforeAll(async () => {
    await barsTable('span_bars', [...btc, ...eth]);
  });

  it('after a clean migration reports every month of every series equal', async () => {
    const r = await cli(args('--create', '--json'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parity).toEqual({
      series: [
        { series: 'BINANCE:BTCUSDT:1m', months: 28, differing: 0, dbRows: 820, catalogRows: 820 },
        { series: 'BINANCE:ETHUSDT:1m', months: 11, differing: 0, dbRows: 300, catalogRows: 300 },
      ],
      differences: [],
      rowsLeftOut: 0,
      ok: true,
      method: 'aggregate',
    });
  });

  it('names exactly the months that differ, with both sides figures, when the database changed after it', async () => {
    // The first row of July 2022 goes (rows, first time and sums differ) and one close of
    // February 2023 moves by 0.5 (only the close sum differs); every other month stays equal.
    const parity = await parityAfter([
      ["DELETE FROM span_bars WHERE symbol = 'BTCUSDT' AND ts = '2022-07-01 12:00:00+00'", 1],
      [
        "UPDATE span_bars SET close = close + 0.5, high = high + 0.5 WHERE symbol = 'BTCUSDT' AND ts = '2023-02-14 12:00:00+00'",
        1,
      ],
    ]);
    expect(parity).toEqual({
      series: [
        { series: 'BINANCE:BTCUSDT:1m', months: 28, differing: 2, dbRows: 819, catalogRows: 820 },
        { series: 'BINANCE:ETHUSDT:1m', months: 11, differing: 0, dbRows: 300, catalogRows: 300 },
      ],
      differences: [
        {
          series: 'BINANCE:BTCUSDT:1m',
          month: '2022-07',
          db: {
            rows: 30,
            first: at('2022-07-02T12:00:00Z'),
            last: at('2022-07-31T12:00:00Z'),
            sumClose: 3026.25,
            sumVolume: 360,
          },
          catalog: {
            rows: 31,
            first: at('2022-07-01T12:00:00Z'),
            last: at('2022-07-31T12:00:00Z'),
            sumClose: 3127.25,
            sumVolume: 373,
          },
          same: false,
        },
        {
          series: 'BINANCE:BTCUSDT:1m',
          month: '2023-02',
          db: {
            rows: 28,
            first: at('2023-02-01T12:00:00Z'),
            last: at('2023-02-28T12:00:00Z'),
            sumClose: 2826,
            sumVolume: 337,
          },
          catalog: {
            rows: 28,
            first: at('2023-02-01T12:00:00Z'),
            last: at('2023-02-28T12:00:00Z'),
            sumClose: 2825.5,
            sumVolume: 337,
          },
          same: false,
        },
      ],
      rowsLeftOut: 0,
      ok: false,
      method: 'rows',
    });

    const text = await cli(args('--verify'));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'parity FAILED in 2 months: BINANCE:BTCUSDT:1m 2022-07, BINANCE:BTCUSDT:1m 2023-02\n',
    );
  });

  it('names a month the database lost whole, its side empty', async () => {
    // Every ETHUSDT row of May 2023 goes; the catalog still holds the month's 31 bars.
    const parity = await parityAfter([
      ["DELETE FROM span_bars WHERE symbol = 'ETHUSDT' AND ts >= '2023-05-01' AND ts < '2023-06-01'", 31],
    ]);
    // BTCUSDT's two months of the test before still differ; ETHUSDT's May is named, no database side.
    expect(parity.series).toEqual([
      { series: 'BINANCE:BTCUSDT:1m', months: 28, differing: 2, dbRows: 819, catalogRows: 820 },
      { series: 'BINANCE:ETHUSDT:1m', months: 11, differing: 1, dbRows: 269, catalogRows: 300 },
    ]);
    expect(parity.differences.map((d: { month: string }) => d.month)).toEqual([
      '2022-07',
      '2023-02',
      '2023-05',
    ]);
    expect(parity.differences[2]).toEqual({
      series: 'BINANCE:ETHUSDT:1m',
      month: '2023-05',
      db: null,
      catalog: {
        rows: 31,
        first: at('2023-05-01T06:00:00Z'),
        last: at('2023-05-31T06:00:00Z'),
        sumClose: 3127.25,
        sumVolume: 372,
      },
      same: false,
    });
    expect([parity.rowsLeftOut, parity.ok, parity.method]).toEqual([0, false, 'rows']);
  });

  it('reads a 5m series (yearly partitions) from its first bar to its last: every month equal', async () => {
    // SOLUSDT: 400 days, 2022-03-10 to 2023-04-13 (14 months over two yearly partitions).
    await barsTable('span_5m', dailyRows('SOLUSDT', '2022-03-10T12:05:00Z', 400));
    const a = importMinutesArgs(
      inject('pgUrl'),
      'span_5m',
      path.join(tmp.dir, 'cat5m'),
      '--create',
      '--json',
    );
    a[a.indexOf('1m')] = '5m';
    const r = await cli(a);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parity).toEqual({
      series: [{ series: 'BINANCE:SOLUSDT:5m', months: 14, differing: 0, dbRows: 400, catalogRows: 400 }],
      differences: [],
      rowsLeftOut: 0,
      ok: true,
      method: 'aggregate',
    });
  });
});
