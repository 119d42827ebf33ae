import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocBatch, openCatalog, sliceBatch } from '../../../src-main/engines/catalog/index';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { duckRows } from '../../helpers/duck';
import { querySession } from '../../helpers/session-bars';
import { cli } from '../catalog/cli-io';
import { fileTempDir } from '../catalog/helpers';

// Session-aligned resampling checked against DuckDB SQL over the catalog's own Parquet files. The
// stock has bars 08:00-23:59 UTC every day (pre- and after-market, weekends, Thanksgiving), around
// both 2024 DST changes and the 13:00 close of 2024-11-29; the SQL states the New York session
// rules itself (09:30-16:00, that early close, that holiday). FX has every minute of a week across
// the March DST change; its trading date D runs 17:00 New York on D-1 to 17:00 on D.
const tmp = fileTempDir('barcat-duck-session-');
const STOCK = 'NASDAQ:AAPL:1m';
const FX = 'FX:EURUSD:1m';
const STOCK_DAYS: [number, number][] = [
  [Date.UTC(2024, 2, 7), Date.UTC(2024, 2, 14)],
  [Date.UTC(2024, 9, 31), Date.UTC(2024, 10, 6)],
  [Date.UTC(2024, 10, 26), Date.UTC(2024, 11, 4)],
];
// Missing minutes: inside the first hour after the DST start, and across the early close's last hour.
const HOLES: [number, number][] = [
  [Date.UTC(2024, 2, 11, 13, 47), Date.UTC(2024, 2, 11, 14, 2)],
  [Date.UTC(2024, 10, 29, 17, 50), Date.UTC(2024, 10, 29, 18, 10)],
  [Date.UTC(2024, 2, 8, 23, 0), Date.UTC(2024, 2, 9, 1, 0)],
];

/** Quarter-step prices and whole volumes from the minute index: every sum is exact in any order. */
function bars(times: number[]) {
  const b = allocBatch(times.length);
  let k = 0;
  for (const ts of times) {
    if (HOLES.some(([a, z]) => ts >= a && ts < z)) continue;
    const i = ts / MINUTE;
    const p = 100 + (i % 41) / 4;
    b.ts[k] = ts;
    b.open[k] = p;
    b.high[k] = p + 0.5 + (i % 7) / 4;
    b.low[k] = p - 0.75 - (i % 3) / 4;
    b.close[k] = p + 0.25;
    b.volume[k] = 1 + (i % 97);
    k++;
  }
  return sliceBatch(b, 0, k);
}

const minutes = (from: number, to: number, keep: (ts: number) => boolean = () => true) =>
  Array.from({ length: (to - from) / MINUTE }, (_, i) => from + i * MINUTE).filter(keep);

beforeAll(async () => {
  const catalog = await openCatalog(tmp.dir);
  const utcHour = (ts: number) => Math.floor((ts % DAY) / 3_600_000);
  const stock = STOCK_DAYS.flatMap(([a, z]) => minutes(a, z, (ts) => utcHour(ts) >= 8));
  await catalog.write({ venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1m' }, bars(stock), 'merge');
  const fx = minutes(Date.UTC(2024, 2, 6, 12), Date.UTC(2024, 2, 13, 12));
  await catalog.write({ venue: 'FX', symbol: 'EURUSD', timeframe: '1m' }, bars(fx), 'merge');
  await catalog.close();
});

const files = (symbol: string) => path.join(tmp.dir, `bars/venue=*/symbol=${symbol}/timeframe=1m/*.parquet`);
const OHLCV = `arg_min(open, ts) AS open, max(high) AS high, min(low) AS low, arg_max(close, ts) AS close,
  sum(volume) AS volume`;
const ISO = '%Y-%m-%dT%H:%M:%S.000Z';

/** The stock's session bars: `m` minutes after midnight New York, within 09:30 to the day's close. */
const STOCK_SESSION = `
  WITH n AS (SELECT *, timezone('America/New_York', ts) AS ny FROM read_parquet('${files('AAPL')}')),
  d AS (SELECT *, ny::DATE AS day, hour(ny) * 60 + minute(ny) AS m,
    CASE WHEN ny::DATE = DATE '2024-11-29' THEN 13 * 60 ELSE 16 * 60 END AS close_m FROM n)
  SELECT * FROM d
  WHERE isodow(day) <= 5 AND day <> DATE '2024-11-28' AND m >= 9 * 60 + 30 AND m < close_m`;

const stockDaily = `
  SELECT strftime(day, '${ISO}') AS ts, ${OHLCV}, count(*) = any_value(close_m) - 570 AS complete
  FROM (${STOCK_SESSION}) GROUP BY day ORDER BY day`;

// Hours step from 09:30 New York; the last one ends at the close (16:00, or 13:00).
const stockHourly = `
  WITH h AS (SELECT *, 570 + (m - 570) // 60 * 60 AS start_m FROM (${STOCK_SESSION}))
  SELECT strftime(timezone('America/New_York', day + to_minutes(any_value(start_m))), '${ISO}') AS ts,
    ${OHLCV}, count(*) = least(60, any_value(close_m) - any_value(start_m)) AS complete
  FROM h GROUP BY day, start_m ORDER BY day, start_m`;

/** FX bars by trading date: 17:00 New York moves to the next date's midnight. */
const FX_DATES = `
  WITH n AS (SELECT *, timezone('America/New_York', ts) AS ny FROM read_parquet('${files('EURUSD')}'))
  SELECT *, (ny + INTERVAL 7 HOUR)::DATE AS day, ny - ((ny + INTERVAL 7 HOUR)::DATE - INTERVAL 7 HOUR) AS since
  FROM n WHERE isodow((ny + INTERVAL 7 HOUR)::DATE) <= 5`;

const fxDaily = `
  SELECT strftime(day, '${ISO}') AS ts, ${OHLCV}, count(*) = 1440 AS complete
  FROM (${FX_DATES}) GROUP BY day ORDER BY day`;

// 4h buckets from the 17:00 open: 17:00, 21:00, 01:00, ... New York time.
const fx4h = `
  WITH h AS (SELECT *, epoch(since)::BIGINT // 14400 AS k FROM (${FX_DATES}))
  SELECT strftime(timezone('America/New_York', day - INTERVAL 7 HOUR + to_hours(4 * k)), '${ISO}') AS ts,
    ${OHLCV}, count(*) = 240 AS complete
  FROM h GROUP BY day, k ORDER BY day, k`;

async function barcat(series: string, tf: string): Promise<Record<string, unknown>[]> {
  const r = await querySession(tmp.dir, series, tf);
  expect(r.code).toBe(0);
  return r.bars;
}

describe('--align session equals DuckDB SQL over the same Parquet files', () => {
  it.each([
    ['stock 1m -> 1d (DST changes, Thanksgiving, the 13:00 close)', STOCK, '1d', stockDaily],
    ['stock 1m -> 1h (from 09:30, the last hour ends at the close)', STOCK, '1h', stockHourly],
    ['FX 1m -> 1d (closes 17:00 New York, across the DST change)', FX, '1d', fxDaily],
    ['FX 1m -> 4h (from the 17:00 open)', FX, '4h', fx4h],
  ])('%s: every bar, timestamp and complete flag', async (_name, series, tf, sql) => {
    const expected = await duckRows(sql);
    expect(await barcat(series, tf)).toEqual(expected);
  });

  it('the SQL sees what the test says: sessions across the DST changes, the early close, the holes', async () => {
    const days = await duckRows(stockDaily);
    expect(days.length).toBe(5 + 4 + 5);
    const pick = (ts: string) => days.find((d) => d.ts === ts);
    expect(pick('2024-11-28T00:00:00.000Z')).toBeUndefined();
    expect(pick('2024-11-29T00:00:00.000Z')?.complete).toBe(false);
    expect(pick('2024-11-27T00:00:00.000Z')?.complete).toBe(true);
    expect(pick('2024-03-11T00:00:00.000Z')?.complete).toBe(false);
    const hours = (await duckRows(stockHourly)).map((h) => h.ts as string);
    expect(hours.filter((t) => t.startsWith('2024-03-08'))[0]).toBe('2024-03-08T14:30:00.000Z');
    expect(hours.filter((t) => t.startsWith('2024-03-11'))[0]).toBe('2024-03-11T13:30:00.000Z');
    expect(hours.filter((t) => t.startsWith('2024-11-29'))).toEqual([
      '2024-11-29T14:30:00.000Z',
      '2024-11-29T15:30:00.000Z',
      '2024-11-29T16:30:00.000Z',
      '2024-11-29T17:30:00.000Z',
    ]);
    // FX 03-11 lacks the 13:47-14:01 minutes; 03-06 and 03-13 are cut by the data's ends.
    const fx = await duckRows(fxDaily);
    expect(fx.map((d) => [d.ts, d.complete])).toEqual([
      ['2024-03-06T00:00:00.000Z', false],
      ['2024-03-07T00:00:00.000Z', true],
      ['2024-03-08T00:00:00.000Z', true],
      ['2024-03-11T00:00:00.000Z', false],
      ['2024-03-12T00:00:00.000Z', true],
      ['2024-03-13T00:00:00.000Z', false],
    ]);
    // The 17:00 open is 22:00 UTC before the DST change and 21:00 after it.
    const fxHours = (await duckRows(fx4h)).map((h) => h.ts);
    expect(fxHours).toContain('2024-03-07T22:00:00.000Z');
    expect(fxHours).toContain('2024-03-10T21:00:00.000Z');
    expect(fxHours).not.toContain('2024-03-08T22:00:00.000Z');
  });

  it('barcat export --align session (streamed, Parquet) holds the same daily bars', async () => {
    const out = path.join(tmp.dir, 'aapl-1d.parquet');
    const r = await cli([
      'export',
      STOCK,
      '--timeframe',
      '1d',
      '--align',
      'session',
      '--format',
      'parquet',
      '--out',
      out,
      '--catalog',
      tmp.dir,
    ]);
    expect(r.code).toBe(0);
    const got = await duckRows(
      `SELECT strftime(ts, '${ISO}') AS ts, open, high, low, close, volume, complete FROM read_parquet('${out}') ORDER BY ts`,
    );
    expect(got).toEqual(await duckRows(stockDaily));
  });
});
