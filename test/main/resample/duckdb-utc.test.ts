import { beforeAll, describe, expect, it } from 'vitest';
import { allocBatch } from '../../../src-main/engines/catalog/batch';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { BAR_OPTIONAL_COLUMNS } from '../../../src-shared/domain/bar';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { duckRows } from '../../helpers/duck';
import { cli } from '../catalog/cli-io';
import { fileTempDir } from '../catalog/helpers';

const tmp = fileTempDir('barcat-resample-');
const cat = () => ['--catalog', tmp.dir];
const START = Date.UTC(2024, 1, 26, 22, 17); // a Monday evening, across the leap day into March
const HOLE = [Date.UTC(2024, 1, 29, 10, 5), Date.UTC(2024, 1, 29, 10, 51)]; // no bars in [10:05, 10:51)

// Quarter-step prices and whole volumes: every sum DuckDB and Barcat form is exact in any order.
beforeAll(async () => {
  const n = 5 * 24 * 60 - 500;
  const b = allocBatch(n, BAR_OPTIONAL_COLUMNS);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ts = START + i * MINUTE;
    if (ts >= HOLE[0]! && ts < HOLE[1]!) continue;
    const p = 100 + (i % 37) / 4;
    b.ts[k] = ts;
    b.open[k] = p;
    b.high[k] = p + 0.5 + (i % 5) / 4;
    b.low[k] = p - 0.75;
    b.close[k] = p + 0.25;
    b.volume[k] = 1 + (i % 101);
    b.trades![k] = i % 13;
    b.vwap![k] = p + 0.25 * (i % 3);
    k++;
  }
  const catalog = await openCatalog(tmp.dir);
  const cut = (c: Float64Array) => c.subarray(0, k);
  await catalog.write(
    { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
    {
      length: k,
      ts: cut(b.ts),
      open: cut(b.open),
      high: cut(b.high),
      low: cut(b.low),
      close: cut(b.close),
      volume: cut(b.volume),
      trades: cut(b.trades!),
      vwap: cut(b.vwap!),
    },
    'merge',
  );
  await catalog.close();
});

/** DuckDB's own bucketing of the catalog's Parquet files; complete = every minute of the bucket present. */
async function duck(interval: string, where = ''): Promise<Record<string, unknown>[]> {
  const glob = `${tmp.dir}/bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/*.parquet`;
  return duckRows(
    `WITH b AS (SELECT time_bucket(INTERVAL '${interval}', ts) AS bucket, * FROM read_parquet('${glob}') ${where})
     SELECT strftime(bucket, '%Y-%m-%dT%H:%M:%S.000Z') AS ts, arg_min(open, ts) AS open, max(high) AS high,
       min(low) AS low, arg_max(close, ts) AS close, sum(volume) AS volume, sum(trades) AS trades,
       sum(vwap * volume) / sum(volume) AS vwap,
       count(*) = (epoch_ms(bucket + INTERVAL '${interval}') - epoch_ms(bucket)) / 60000 AS complete
     FROM b GROUP BY bucket ORDER BY bucket`,
  );
}

describe('barcat query --timeframe (utc alignment) equals DuckDB time_bucket', () => {
  for (const [tf, interval] of [
    ['5m', '5 minutes'],
    ['1h', '1 hour'],
    ['4h', '4 hours'],
    ['1d', '1 day'],
    ['1w', '1 week'],
    ['1M', '1 month'],
  ] as const) {
    it(`1m -> ${tf}: every bar and its complete flag`, async () => {
      const r = await cli(['query', 'BINANCE:BTCUSDT:1m', '--timeframe', tf, '--format', 'json', ...cat()]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const expected = await duck(interval);
      expect(expected.length).toBeGreaterThan(0);
      expect(JSON.parse(r.stdout)).toEqual(expected);
    });
  }

  it('a range edge inside a bucket makes it incomplete; --complete-only drops it and says so', async () => {
    const range = ['--from', '2024-02-27T00:30:00Z', '--to', '2024-02-27T03:10:00Z'];
    const all = await cli([
      'query',
      'BINANCE:BTCUSDT:1m',
      ...range,
      '--timeframe',
      '1h',
      '--format',
      'json',
      ...cat(),
    ]);
    const expected = await duck(
      '1 hour',
      "WHERE ts >= '2024-02-27T00:30:00Z' AND ts < '2024-02-27T03:10:00Z'",
    );
    expect(JSON.parse(all.stdout)).toEqual(expected);
    expect(expected.map((b) => [b.ts, b.complete])).toEqual([
      ['2024-02-27T00:00:00.000Z', false],
      ['2024-02-27T01:00:00.000Z', true],
      ['2024-02-27T02:00:00.000Z', true],
      ['2024-02-27T03:00:00.000Z', false],
    ]);
    const only = await cli([
      'query',
      'BINANCE:BTCUSDT:1m',
      ...range,
      '--timeframe',
      '1h',
      '--complete-only',
      '--format',
      'json',
      ...cat(),
    ]);
    expect(JSON.parse(only.stdout)).toEqual(expected.slice(1, 3));
    expect(only.stderr).toBe('2 incomplete bars dropped (--complete-only)\n');
  });

  it('a bucket without bars gives no bar; --fill makes one from the previous close, marked filled', async () => {
    const range = ['--from', '2024-02-29T09:50:00.000Z', '--to', '2024-02-29T11:10:00.000Z'];
    const plain = await cli(['query', 'BINANCE:BTCUSDT:1m', ...range, '--timeframe', '15m', ...cat()]);
    expect(plain.stdout.split('\n').map((l) => l.split(',')[0])).toEqual([
      'ts',
      '2024-02-29T09:45:00.000Z',
      '2024-02-29T10:00:00.000Z',
      '2024-02-29T10:45:00.000Z',
      '2024-02-29T11:00:00.000Z',
      '',
    ]);
    const filled = await cli([
      'query',
      'BINANCE:BTCUSDT:1m',
      ...range,
      '--timeframe',
      '15m',
      '--fill',
      ...cat(),
    ]);
    const lines = filled.stdout.split('\n');
    expect(lines[0]).toBe('ts,open,high,low,close,volume,trades,vwap,complete,filled');
    // 10:04 is the last bar before the hole: i = 3587 minutes after START, p = 100 + (3587 % 37) / 4 = 108.75, close = p + 0.25.
    expect(lines.slice(3, 5)).toEqual([
      '2024-02-29T10:15:00.000Z,109,109,109,109,0,0,,false,true',
      '2024-02-29T10:30:00.000Z,109,109,109,109,0,0,,false,true',
    ]);
    expect(lines[2]!.endsWith(',false,false')).toBe(true);
    expect(filled.stderr).toBe('2 bars forward-filled (filled=true)\n');
  });

  it('refuses a timeframe that is finer or does not divide into whole source bars', async () => {
    const r = await cli(['query', 'BINANCE:BTCUSDT:1m', '--timeframe', '1s', ...cat()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'cannot resample 1m bars to 1s: 1s is finer; a series only resamples to a coarser timeframe',
    );
  });
});
