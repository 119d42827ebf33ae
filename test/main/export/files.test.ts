import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { DAY } from '../../../src-shared/domain/timeframe';
import { duckRows } from '../../helpers/duck';
import { cli } from '../catalog/cli-io';
import { fileTempDir, minuteBars } from '../catalog/helpers';

const tmp = fileTempDir('barcat-exfiles-');
const cat = ['--catalog', tmp.catalogDir];
const BTC = minuteBars(Date.UTC(2024, 0, 31, 23, 0), 180); // across a month boundary
const AAPL = minuteBars(Date.UTC(2023, 11, 28), 10, 180, DAY);
// New York's clocks fall back at 2024-11-03 06:00 UTC: 01:00-02:00 local happens twice.
const FALL_BACK = minuteBars(Date.UTC(2024, 10, 3, 5, 50), 20);

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  await catalog.write({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' }, batchFromBars(BTC), 'merge');
  await catalog.write({ venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1d' }, batchFromBars(AAPL), 'merge');
  await catalog.write(
    { venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1m' },
    batchFromBars(FALL_BACK),
    'merge',
  );
  await catalog.close();
});

/** `barcat export SERIES… --format FORMAT --out OUT MORE…` on the test catalog. */
const exportTo = (series: string[], format: string, out: string, ...more: string[]) =>
  cli(['export', ...series, '--format', format, '--out', out, ...more, ...cat]);

const asRows = (bars: typeof BTC) => bars.map((b) => ({ ...b }));

describe('barcat export --format parquet', () => {
  it('writes one standard Parquet file DuckDB reads as is: ts a UTC timestamp, every bar equal', async () => {
    const out = path.join(tmp.dir, 'btc.parquet');
    const r = await exportTo(['BINANCE:BTCUSDT:1m'], 'parquet', out);
    expect(r.stdout).toBe(`BINANCE:BTCUSDT:1m: 180 bars -> ${out}\n`);
    const types = await duckRows(`DESCRIBE SELECT * FROM read_parquet('${out}')`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual([
      ['ts', 'TIMESTAMP WITH TIME ZONE'],
      ['open', 'DOUBLE'],
      ['high', 'DOUBLE'],
      ['low', 'DOUBLE'],
      ['close', 'DOUBLE'],
      ['volume', 'DOUBLE'],
    ]);
    const rows = await duckRows(
      `SELECT epoch_ms(ts)::DOUBLE AS ts, open, high, low, close, volume FROM read_parquet('${out}') ORDER BY ts`,
    );
    expect(rows).toEqual(asRows(BTC));
  });

  it('writes several series as a hive-partitioned folder; the docs query picks years and months', async () => {
    const out = path.join(tmp.dir, 'lake');
    const r = await exportTo(['BINANCE:BTCUSDT:1m', 'NASDAQ:AAPL:1d'], 'parquet', out);
    expect(r.code).toBe(0);
    const btcFile = path.join(out, 'venue=BINANCE/symbol=BTCUSDT/timeframe=1m/data.parquet');
    const aaplFile = path.join(out, 'venue=NASDAQ/symbol=AAPL/timeframe=1d/data.parquet');
    expect(r.stdout).toBe(
      `BINANCE:BTCUSDT:1m: 180 bars -> ${btcFile}\nNASDAQ:AAPL:1d: 10 bars -> ${aaplFile}\n`,
    );
    const rows = await duckRows(
      `SELECT symbol, epoch_ms(ts)::DOUBLE AS ts, close
       FROM read_parquet('${out}/**/*.parquet', hive_partitioning = true)
       WHERE venue = 'NASDAQ' AND year(ts) BETWEEN 2024 AND 2024 AND month(ts) BETWEEN 1 AND 1 ORDER BY ts`,
    );
    expect(rows).toEqual(AAPL.slice(4).map((b) => ({ symbol: 'AAPL', ts: b.ts, close: b.close })));
  });

  it('a resampled export carries the boolean complete column', async () => {
    const out = path.join(tmp.dir, 'btc-1h.parquet');
    const r = await exportTo(['BINANCE:BTCUSDT:1m'], 'parquet', out, '--timeframe', '1h');
    expect(r.code).toBe(0);
    const rows = await duckRows(
      `SELECT epoch_ms(ts)::DOUBLE AS ts, volume, complete FROM read_parquet('${out}') ORDER BY ts`,
    );
    const vol = (from: number) => BTC.slice(from, from + 60).reduce((s, b) => s + b.volume, 0);
    expect(rows).toEqual([
      { ts: Date.UTC(2024, 0, 31, 23), volume: vol(0), complete: true },
      { ts: Date.UTC(2024, 1, 1, 0), volume: vol(60), complete: true },
      { ts: Date.UTC(2024, 1, 1, 1), volume: vol(120), complete: true },
    ]);
  });

  it('refuses --tz: Parquet holds UTC instants', async () => {
    const out = path.join(tmp.dir, 'tz.parquet');
    const r = await exportTo(['BINANCE:BTCUSDT:1m'], 'parquet', out, '--tz', 'Europe/Paris');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Parquet stores instants as UTC timestamps, so --tz does not apply');
    expect(existsSync(out)).toBe(false);
  });
});

describe('export files are written whole, never over a file unasked, never outside --out', () => {
  it('one file per series in DIR, named VENUE~SYMBOL~TF', async () => {
    const out = path.join(tmp.dir, 'mt');
    const r = await exportTo(['BINANCE:BTCUSDT:1m', 'NASDAQ:AAPL:1d'], 'metatrader', out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['BINANCE~BTCUSDT~1m.csv', 'NASDAQ~AAPL~1d.csv']);
    expect(readFileSync(path.join(out, 'NASDAQ~AAPL~1d.csv'), 'utf8').split('\n')[0]).toBe(
      '2023.12.28,00:00,180,180.5,179.5,180.25,1000',
    );
  });

  it('--years/--months pick the same bars as barcat query', async () => {
    const out = path.join(tmp.dir, 'feb.csv');
    const pick = ['--years', '2024', '--months', '2'];
    const r = await exportTo(['BINANCE:BTCUSDT:1m'], 'csv', out, ...pick);
    expect(r.stdout).toBe(`BINANCE:BTCUSDT:1m: 120 bars -> ${out}\n`);
    const query = await cli(['query', 'BINANCE:BTCUSDT:1m', ...pick, ...cat]);
    expect(readFileSync(out, 'utf8')).toBe(query.stdout);
    expect(query.stdout.split('\n')[1]!.startsWith('2024-02-01T00:00:00.000Z,')).toBe(true);
  });

  it('a year boundary and columns only some partitions have: csv equals the query, vendor files report them left out', async () => {
    const catalog = await openCatalog(tmp.catalogDir);
    const key = { venue: 'BINANCE', symbol: 'SOLUSDT', timeframe: '1m' } as const;
    await catalog.write(key, batchFromBars(minuteBars(Date.UTC(2023, 11, 31, 23, 58), 2)), 'merge');
    const withExtras = minuteBars(Date.UTC(2024, 0, 1), 3).map((b, i) => ({
      ...b,
      trades: 5 + i,
      vwap: b.close,
    }));
    await catalog.write(key, batchFromBars(withExtras), 'merge');
    await catalog.close();
    const out = path.join(tmp.dir, 'sol.csv');
    const r = await exportTo(['BINANCE:SOLUSDT:1m'], 'csv', out);
    expect(r.stdout).toBe(`BINANCE:SOLUSDT:1m: 5 bars -> ${out}\n`);
    const query = await cli(['query', 'BINANCE:SOLUSDT:1m', ...cat]);
    expect(readFileSync(out, 'utf8')).toBe(query.stdout);
    expect(query.stdout.split('\n').slice(0, 4)).toEqual([
      'ts,open,high,low,close,volume,trades,vwap',
      '2023-12-31T23:58:00.000Z,100,100.5,99.5,100.25,1000,,',
      '2023-12-31T23:59:00.000Z,100.01,100.51,99.51,100.26,1001,,',
      '2024-01-01T00:00:00.000Z,100,100.5,99.5,100.25,1000,5,100.25',
    ]);
    const mt = await exportTo(['BINANCE:SOLUSDT:1m'], 'metatrader', path.join(tmp.dir, 'sol-mt.csv'));
    expect(mt.stdout).toBe(
      `BINANCE:SOLUSDT:1m: 5 bars -> ${path.join(tmp.dir, 'sol-mt.csv')}; columns trades, vwap left out (metatrader has none)\n`,
    );
    // Read in two windows (2023, 2024), written as one file in order.
    expect(
      readFileSync(path.join(tmp.dir, 'sol-mt.csv'), 'utf8')
        .split('\n')
        .map((l) => l.slice(0, 16)),
    ).toEqual([
      '2023.12.31,23:58',
      '2023.12.31,23:59',
      '2024.01.01,00:00',
      '2024.01.01,00:01',
      '2024.01.01,00:02',
      '',
    ]);
  });

  it('refuses an existing file without --force (leaving it as it was), replaces it with --force', async () => {
    const out = path.join(tmp.dir, 'keep.csv');
    writeFileSync(out, 'mine\n');
    const r = await exportTo(['NASDAQ:AAPL:1d'], 'csv', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `barcat: ${out} already exists; add --force to replace it or choose another --out\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await exportTo(['NASDAQ:AAPL:1d'], 'csv', out, '--force');
    expect(forced.code).toBe(0);
    // A UTC csv export is exactly what `barcat query` prints.
    const query = await cli(['query', 'NASDAQ:AAPL:1d', ...cat]);
    expect(readFileSync(out, 'utf8')).toBe(query.stdout);
    expect(query.stdout.split('\n')[1]).toBe('2023-12-28T00:00:00.000Z,180,180.5,179.5,180.25,1000');
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('checks every target and series before writing any file', async () => {
    const out = path.join(tmp.dir, 'partial');
    const taken = path.join(out, 'NASDAQ~AAPL~1d.txt');
    const first = await exportTo(['NASDAQ:AAPL:1d'], 'ninjatrader', taken);
    expect(first.code).toBe(0);
    const r = await exportTo(['BINANCE:BTCUSDT:1m', 'NASDAQ:AAPL:1d'], 'ninjatrader', out);
    expect(r.code).toBe(2);
    expect(readdirSync(out)).toEqual(['NASDAQ~AAPL~1d.txt']);
    const unknown = await exportTo(['BINANCE:BTCUSDT:1m', 'NASDAQ:MSFT:1d'], 'csv', out);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('series NASDAQ:MSFT:1d not in the catalog');
    expect(readdirSync(out)).toEqual(['NASDAQ~AAPL~1d.txt']);
  });

  it('refuses the hour New York repeats in a format without offsets; csv keeps the offsets and writes it', async () => {
    const out = path.join(tmp.dir, 'fall-back.csv');
    const args = ['export', 'BINANCE:ETHUSDT:1m', '--tz', 'America/New_York', '--out', out, ...cat];
    const r = await cli([...args, '--format', 'metatrader']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: the bar at 2024-11-03T06:00:00.000Z reads the same America/New_York wall-clock time as the one before it (the hour repeated when daylight saving time ends), which metatrader files cannot tell apart; export with --tz UTC or --format csv\n',
    );
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('fall-back') || f.includes('.tmp'))).toEqual([]);
    const csv = await cli([...args, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(
      readFileSync(out, 'utf8')
        .split('\n')
        .slice(10, 12)
        .map((l) => l.split(',')[0]),
    ).toEqual(['2024-11-03T01:59:00.000-04:00', '2024-11-03T01:00:00.000-05:00']);
  });

  it('MetaTrader cannot hold 1s bars; NinjaTrader imports only 1m and 1d bars', async () => {
    const catalog = await openCatalog(tmp.catalogDir);
    await catalog.write(
      { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1s' },
      batchFromBars(minuteBars(Date.UTC(2024, 0, 1), 3, 100, 1000)),
      'merge',
    );
    await catalog.close();
    const r = await exportTo(['BINANCE:BTCUSDT:1s'], 'metatrader', path.join(tmp.dir, 's.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'MetaTrader history files stamp bars to the minute, so 1s bars cannot be written',
    );
  });
});
