import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { FolderCatalog } from '../../../src-main/engines/catalog/catalog';
import { allocTicks, type TickBatch } from '../../../src-main/engines/catalog/index';
import { closeAfterEach } from '../../helpers/close-after';
import { openedTempCatalog, quotes } from './helpers';

const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;
const US = 1000;
const T0 = Date.UTC(2024, 0, 2, 23, 59, 59) * US; // 1 s before midnight: two days

function rowsOf(b: TickBatch): number[][] {
  if (b.kind !== 'quotes') throw new Error('quotes expected');
  return Array.from({ length: b.length }, (_, i) => [b.ts[i]!, b.bid[i]!, b.ask[i]!]);
}

const opened = closeAfterEach();

async function open(): Promise<{ dir: string; c: FolderCatalog }> {
  const { dir, cat } = await openedTempCatalog(opened, 'barcat-ticks-');
  return { dir, c: cat };
}

describe('tick storage', () => {
  const DAY1 = [
    [T0, 1.1, 1.1002],
    [T0 + 500_123, 1.1001, 1.1003],
  ] as [number, number, number][];
  const DAY2 = [
    [T0 + 1_000_000, 1.1002, 1.1004],
    [T0 + 1_000_001, 1.1003, 1.1005],
    [T0 + 3_600_000_000, 1.1004, 1.1006],
  ] as [number, number, number][];

  it('stores ticks by UTC day as hive-partitioned Parquet with µs timestamps and a manifest', async () => {
    const { dir, c } = await open();
    const r = await c.ticks.write(KEY, quotes([...DAY1, ...DAY2]), { source: 'test' });
    expect(r).toEqual({ written: 5, replaced: 0, unchangedDays: 0, filesWritten: 2 });
    const base = path.join(dir, 'ticks/venue=DUKASCOPY/symbol=EURUSD/kind=quotes');
    expect(readdirSync(base).sort()).toEqual(['date=2024-01-02', 'date=2024-01-03']);
    expect(readdirSync(path.join(base, 'date=2024-01-03'))).toEqual(['g1-0.parquet']);
    const m = JSON.parse(readFileSync(path.join(dir, 'tick-manifests/DUKASCOPY~EURUSD~quotes.json'), 'utf8'));
    expect(
      m.files.map((f: { date: string; rows: number; minTs: number; maxTs: number }) => [
        f.date,
        f.rows,
        f.minTs,
        f.maxTs,
      ]),
    ).toEqual([
      ['2024-01-02', 2, T0, T0 + 500_123],
      ['2024-01-03', 3, T0 + 1_000_000, T0 + 3_600_000_000],
    ]);
    expect(m.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rowsOf(await c.ticks.query(KEY))).toEqual([...DAY1, ...DAY2]);
    // A range in ms reads only the ticks inside it.
    const from = Date.UTC(2024, 0, 3);
    expect(rowsOf(await c.ticks.query(KEY, { from, to: from + 1 }))).toEqual(DAY2.slice(0, 2));
    const [s] = await c.ticks.list();
    expect(s).toMatchObject({ id: 'DUKASCOPY:EURUSD:quotes', ticks: 5, days: 2, first: T0, gapDays: [] });
    // DuckDB reads ticks/ as one hive-partitioned table, ts as a µs timestamp.
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const read = await conn.runAndReadAll(
      `SELECT epoch_us(ts) AS us, bid, ask, kind, CAST(date AS VARCHAR) AS date FROM read_parquet('${dir}/ticks/**/*.parquet', hive_partitioning=true) ORDER BY ts`,
    );
    expect(read.getRowObjectsJS().map((r) => [Number(r.us), r.bid, r.ask, r.kind, r.date])).toEqual(
      [...DAY1, ...DAY2].map(([t, b, a], i) => [t, b, a, 'quotes', i < 2 ? '2024-01-02' : '2024-01-03']),
    );
    conn.closeSync();
  });

  it('a write again of the same ticks changes nothing; overlapping ticks replace the span they cover', async () => {
    const { dir, c } = await open();
    await c.ticks.write(KEY, quotes([...DAY1, ...DAY2]));
    expect(await c.ticks.write(KEY, quotes([...DAY1, ...DAY2]))).toEqual({
      written: 0,
      replaced: 0,
      unchangedDays: 2,
      filesWritten: 0,
    });
    const incoming: [number, number, number][] = [
      [T0 + 1_000_001, 2.0, 2.1],
      [T0 + 1_000_002, 2.0, 2.2],
    ];
    expect(await c.ticks.write(KEY, quotes(incoming))).toEqual({
      written: 2,
      replaced: 1,
      unchangedDays: 0,
      filesWritten: 1,
    });
    expect(rowsOf(await c.ticks.query(KEY))).toEqual([...DAY1, DAY2[0]!, ...incoming, DAY2[2]!]);
    // The superseded file is gone; the new generation's file is the only one of the day.
    const day = path.join(dir, 'ticks/venue=DUKASCOPY/symbol=EURUSD/kind=quotes/date=2024-01-03');
    expect(readdirSync(day)).toEqual(['g2-0.parquet']);
  });

  it('trades keep optional side and id columns (nulls where unknown)', async () => {
    const { c } = await open();
    const key = { venue: 'BINANCE', symbol: 'BTCUSDT', kind: 'trades' } as const;
    const b = allocTicks('trades', 3, ['side', 'id']);
    if (b.kind !== 'trades') throw new Error('trades');
    [
      [T0, 42000.5, 0.001, 1, 1001],
      [T0 + 1, 42000.6, 0.5, -1, 1002],
      [T0 + 2, 42000.7, Number.NaN, 0, Number.NaN],
    ].forEach(([t, p, s, side, id], i) => {
      b.ts[i] = t!;
      b.price[i] = p!;
      b.size[i] = s!;
      b.side![i] = side!;
      b.id![i] = id!;
    });
    await c.ticks.write(key, b);
    const out = await c.ticks.query(key);
    if (out.kind !== 'trades') throw new Error('trades');
    expect([...out.price]).toEqual([42000.5, 42000.6, 42000.7]);
    expect([...out.size]).toEqual([0.001, 0.5, Number.NaN]);
    expect([...out.side!]).toEqual([1, -1, 0]);
    expect([...out.id!]).toEqual([1001, 1002, Number.NaN]);
  });

  it('verify quarantines a damaged tick file and takes it out of the manifest', async () => {
    const { dir, c } = await open();
    await c.ticks.write(KEY, quotes([...DAY1, ...DAY2]));
    const file = path.join(
      dir,
      'ticks/venue=DUKASCOPY/symbol=EURUSD/kind=quotes/date=2024-01-02/g1-0.parquet',
    );
    writeFileSync(file, 'not parquet');
    await expect(c.ticks.query(KEY)).rejects.toThrow(/is damaged: its sha256 is .*run "barcat verify"/);
    const report = await c.verify();
    expect(report.quarantined).toEqual([
      {
        series: 'DUKASCOPY:EURUSD:quotes',
        file,
        reason: expect.stringMatching(/^checksum mismatch: manifest has sha256 /),
        lostRange: { from: T0 / US, to: Math.floor((T0 + 500_123) / US) + 1 },
      },
    ]);
    expect(
      readdirSync(
        path.join(dir, '.quarantine/ticks/venue=DUKASCOPY/symbol=EURUSD/kind=quotes/date=2024-01-02'),
      ).sort(),
    ).toEqual(['g1-0.parquet', 'g1-0.parquet.why.txt']);
    expect(rowsOf(await c.ticks.query(KEY))).toEqual(DAY2);
    // The lost day shows as a gap (fx calendar: Tuesday Jan 2 2024 is a trading day).
    const [s] = await c.ticks.list();
    expect(s!.gapDays).toEqual([]);
    expect(s!.days).toBe(1);
  });

  it('a day in session without ticks is a gap, unless a provider checked it empty', async () => {
    const { c } = await open();
    const jan4 = Date.UTC(2024, 0, 4, 10) * US;
    await c.ticks.write(KEY, quotes([...DAY1, [jan4, 1.1, 1.2]]));
    expect((await c.ticks.list())[0]!.gapDays).toEqual(['2024-01-03']);
    const jan3 = Date.UTC(2024, 0, 3);
    await c.ticks.recordCheckedEmpty(KEY, [
      { from: jan3, to: jan3 + 86_400_000, provider: 'dukascopy', checkedAt: jan3 + 2 * 86_400_000 },
    ]);
    expect((await c.ticks.list())[0]!.gapDays).toEqual([]);
  });
});
