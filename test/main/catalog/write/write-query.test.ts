import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars, type Catalog, tableToBars } from '../../../../src-main/engines/catalog/index';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { BTC_1M, catalogEach, minuteBars, T0 } from '../helpers';

const KEY = BTC_1M;

describe('catalog write and query', () => {
  let dir: string;
  let cat: Catalog;
  const opened = catalogEach('barcat-write-query-');
  beforeEach(() => {
    ({ dir, cat } = opened());
  });

  it('writes bars across a month boundary into two partitions and reads them back exactly', async () => {
    const bars = minuteBars(T0, 120);
    const res = await cat.write(KEY, batchFromBars(bars), 'merge');
    expect(res).toEqual({ added: 120, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 2 });
    const files = readdirSync(path.join(dir, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m')).sort();
    expect(files).toEqual(['2024-01.v1.parquet', '2024-02.v1.parquet']);
    const table = await cat.query(KEY, undefined);
    expect(table.numRows).toBe(120);
    expect(tableToBars(table)).toEqual(bars);
    expect(String(table.schema.fields[0]!.type)).toBe('Timestamp<MILLISECOND, UTC>');
  });

  it('queries a range touching only the rows in [from, to)', async () => {
    const bars = minuteBars(T0, 120);
    await cat.write(KEY, batchFromBars(bars), 'merge');
    const t = await cat.query(KEY, { from: T0 + 50 * MINUTE, to: T0 + 70 * MINUTE });
    expect(tableToBars(t)).toEqual(bars.slice(50, 70));
    const cols = await cat.query(KEY, { from: T0, to: T0 + 3 * MINUTE }, { columns: ['ts', 'close'] });
    expect(cols.schema.fields.map((f) => f.name)).toEqual(['ts', 'close']);
    expect(cols.toArray().map((r) => r.toJSON())).toEqual(
      bars.slice(0, 3).map((b) => ({ ts: b.ts, close: b.close })),
    );
  });

  it('selects years and months (inclusive) across partitions', async () => {
    const daily = { venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1d' } as const;
    const bars = minuteBars(Date.UTC(2014, 0, 1), 365 * 4, 10, 86_400_000);
    await cat.write(daily, batchFromBars(bars), 'merge');
    const t = await cat.query(daily, undefined, { years: [2015, 2016], months: [2, 3] });
    const got = tableToBars(t).map((b) => new Date(b.ts).toISOString().slice(0, 7));
    expect(new Set(got)).toEqual(new Set(['2015-02', '2015-03', '2016-02', '2016-03']));
    expect(got.length).toBe(28 + 31 + 29 + 31);
    expect(readdirSync(path.join(dir, 'bars/venue=NASDAQ/symbol=AAPL/timeframe=1d')).sort()).toEqual([
      '2014.v1.parquet',
      '2015.v1.parquet',
      '2016.v1.parquet',
      '2017.v1.parquet',
    ]);
  });

  it('partitions 1s bars by day and 5m-and-longer bars by year', async () => {
    const secs = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1s' } as const;
    await cat.write(secs, batchFromBars(minuteBars(Date.UTC(2024, 0, 31, 23, 59, 58), 4, 1, 1000)), 'merge');
    expect(readdirSync(path.join(dir, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1s')).sort()).toEqual([
      '2024-01-31.v1.parquet',
      '2024-02-01.v1.parquet',
    ]);
    const hours = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1h' } as const;
    await cat.write(hours, batchFromBars(minuteBars(Date.UTC(2023, 11, 31, 22), 4, 1, 3_600_000)), 'merge');
    expect(readdirSync(path.join(dir, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1h')).sort()).toEqual([
      '2023.v1.parquet',
      '2024.v1.parquet',
    ]);
    expect((await cat.query(secs, undefined)).numRows).toBe(4);
    const monthly = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1M' } as const;
    await cat.write(monthly, batchFromBars(minuteBars(Date.UTC(2024, 0, 1), 1)), 'merge');
    expect(readdirSync(path.join(dir, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1mo'))).toEqual([
      '2024.v1.parquet',
    ]);
  });

  // Ten bars written over ten stored ones, five timestamps shared.
  const OLD = minuteBars(T0, 10, 100);
  const INCOMING = minuteBars(T0 + 5 * MINUTE, 10, 500);
  it.each([
    {
      name: 'skip keeps existing bars and only adds new timestamps',
      mode: 'skip',
      counts: { added: 5, replaced: 0, removed: 0, skipped: 5 },
      stored: [...OLD, ...INCOMING.slice(5)],
    },
    {
      name: 'merge unions and the incoming bar wins on equal ts',
      mode: 'merge',
      counts: { added: 5, replaced: 5, removed: 0, skipped: 0 },
      stored: [...OLD.slice(0, 5), ...INCOMING],
    },
  ] as const)('$name', async ({ mode, counts, stored }) => {
    await cat.write(KEY, batchFromBars(OLD), 'merge');
    const res = await cat.write(KEY, batchFromBars(INCOMING), mode);
    expect(res).toMatchObject(counts);
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual(stored);
  });

  it('overwrite replaces the incoming span, removing bars the batch lacks', async () => {
    const old = minuteBars(T0, 120, 100); // spans two partitions
    await cat.write(KEY, batchFromBars(old), 'merge');
    // Incoming covers minutes 10..100 but only every 10th minute.
    const incoming = minuteBars(T0 + 10 * MINUTE, 10, 500, 10 * MINUTE);
    const res = await cat.write(KEY, batchFromBars(incoming), 'overwrite');
    expect(res).toMatchObject({ added: 0, replaced: 10, removed: 81, skipped: 0, partitionsWritten: 2 });
    const got = tableToBars(await cat.query(KEY, undefined));
    expect(got).toEqual([...old.slice(0, 10), ...incoming, ...old.slice(101)]);
  });

  it('overwrite can empty a partition entirely and drops it from the manifest', async () => {
    await cat.write(KEY, batchFromBars(minuteBars(T0, 120)), 'merge');
    const incoming = minuteBars(T0 - 10 * MINUTE, 1).concat(minuteBars(T0 + 200 * MINUTE, 1));
    await cat.write(KEY, batchFromBars(incoming), 'overwrite');
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual(incoming);
    const files = readdirSync(path.join(dir, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m')).sort();
    expect(files).toEqual(['2024-01.v2.parquet', '2024-02.v2.parquet']);
  });

  it('sorts unsorted input and keeps the last of duplicate timestamps', async () => {
    const bars = minuteBars(T0, 3);
    const dup = { ...bars[1]!, volume: 999 };
    const res = await cat.write(KEY, batchFromBars([bars[2]!, bars[1]!, bars[0]!, dup]), 'merge');
    expect(res.added).toBe(3);
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual([bars[0], dup, bars[2]]);
  });

  it('keeps trades and vwap, null where a source lacked them', async () => {
    const a = minuteBars(T0, 2).map((b) => ({ ...b, trades: 7, vwap: b.close }));
    const b = minuteBars(T0 + 2 * MINUTE, 2, 200);
    await cat.write(KEY, batchFromBars(a), 'merge');
    await cat.write(KEY, batchFromBars(b), 'merge');
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual([...a, ...b]);
  });

  it('joins partitions with and without trades, nulls where a file lacks them, also when projecting', async () => {
    const jan = minuteBars(T0, 60).map((b) => ({ ...b, trades: 3 }));
    const feb = minuteBars(T0 + 60 * MINUTE, 60, 300);
    await cat.write(KEY, batchFromBars(jan), 'merge');
    await cat.write(KEY, batchFromBars(feb), 'merge');
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual([...jan, ...feb]);
    const t = await cat.query(
      KEY,
      { from: T0 + 59 * MINUTE, to: T0 + 61 * MINUTE },
      { columns: ['trades', 'close'] },
    );
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      { trades: 3, close: jan[59]!.close },
      { trades: null, close: feb[0]!.close },
    ]);
    await expect(cat.query(KEY, undefined, { columns: ['price'] })).rejects.toThrow(
      'unknown column price; this series has ts, open, high, low, close, volume, trades',
    );
  });

  it('accepts a batch whose price columns share one array', async () => {
    const ts = Float64Array.from({ length: 120 }, (_, i) => T0 + i * MINUTE);
    const price = Float64Array.from(ts, (_, i) => 100 + i);
    const batch = { length: 120, ts, open: price, high: price, low: price, close: price, volume: price };
    expect((await cat.write(KEY, batch, 'merge')).added).toBe(120);
    expect(tableToBars(await cat.query(KEY, undefined))[119]).toEqual({
      ts: T0 + 119 * MINUTE,
      open: 219,
      high: 219,
      low: 219,
      close: 219,
      volume: 219,
    });
  });

  it('rewrites nothing when a merge brings identical bars', async () => {
    const bars = minuteBars(T0, 10);
    await cat.write(KEY, batchFromBars(bars), 'merge');
    const res = await cat.write(KEY, batchFromBars(bars), 'merge');
    expect(res).toEqual({ added: 0, replaced: 10, removed: 0, skipped: 0, partitionsWritten: 0 });
  });

  it('rejects a bad timestamp and a path-escaping symbol with clear messages', async () => {
    const bad = batchFromBars(minuteBars(T0, 2));
    bad.ts[1] = 1.5;
    await expect(cat.write(KEY, bad, 'merge')).rejects.toThrow(
      'bar 1 (ts 1.5), column ts: time 1.5 is not an integer of ms since 1970 UTC (rule bad_timestamp); nothing was written, fix or leave out that bar',
    );
    await expect(
      cat.write({ ...KEY, symbol: '../etc' }, batchFromBars(minuteBars(T0, 1)), 'merge'),
    ).rejects.toThrow('invalid series');
    expect(existsSync(path.join(dir, 'manifests/BINANCE~BTCUSDT~1m.json'))).toBe(false);
  });

  it('stores a manifest with partitions, checksums, row-group index and last write', async () => {
    await cat.write(KEY, batchFromBars(minuteBars(T0, 120)), 'merge', { source: 'test:1' });
    const m = JSON.parse(readFileSync(path.join(dir, 'manifests/BINANCE~BTCUSDT~1m.json'), 'utf8'));
    expect(m.generation).toBe(1);
    expect(m.calendar).toBe('24x7');
    expect(m.lastWrite).toMatchObject({ source: 'test:1', mode: 'merge' });
    expect(m.partitions.map((p: { key: string; rows: number }) => [p.key, p.rows])).toEqual([
      ['2024-01', 60],
      ['2024-02', 60],
    ]);
    expect(m.partitions[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.partitions[0].rowGroups).toEqual([{ rows: 60, minTs: T0, maxTs: T0 + 59 * MINUTE }]);
    expect(m.partitions[0].covered).toEqual([[T0, T0 + 60 * MINUTE]]);
  });

  it('counts existing bars in a range', async () => {
    await cat.write(KEY, batchFromBars(minuteBars(T0, 120)), 'merge');
    expect(await cat.countExisting(KEY, { from: T0 + 30 * MINUTE, to: T0 + 90 * MINUTE })).toBe(60);
    expect(await cat.countExisting(KEY, { from: 0, to: T0 * 2 })).toBe(120);
    expect(await cat.countExisting({ ...KEY, symbol: 'NONE' }, { from: 0, to: 1 })).toBe(0);
  });

  it('a cancelled write changes nothing', async () => {
    await cat.write(KEY, batchFromBars(minuteBars(T0, 10)), 'merge');
    const controller = new AbortController();
    controller.abort();
    await expect(
      cat.write(KEY, batchFromBars(minuteBars(T0, 100, 7)), 'overwrite', { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual(minuteBars(T0, 10));
    expect(readdirSync(path.join(dir, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m'))).toEqual([
      '2024-01.v1.parquet',
    ]);
  });

  it('reports an unknown series as NOT_FOUND', async () => {
    await expect(cat.query({ ...KEY, symbol: 'ETHUSDT' }, undefined)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('series BINANCE:ETHUSDT:1m is not in the catalog'),
    });
  });
});
