import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../../src-main/engines/catalog/index';
import { DAY, MINUTE } from '../../../../src-shared/domain/timeframe';
import { duckRows } from '../../../helpers/duck';
import { minuteBars, T0, tempDir } from '../helpers';

describe('DuckDB reads the catalog as is', () => {
  it('read_parquet with hive partitioning returns every bar, ts as UTC timestamp, prices as doubles', async () => {
    const { dir, cleanup } = tempDir('barcat-duck-');
    try {
      const cat = await openCatalog(dir);
      const btc = minuteBars(T0, 3000); // spans January and February
      const aapl = minuteBars(Date.UTC(2023, 11, 29), 5, 180, DAY).map((b) => ({
        ...b,
        trades: 42,
        vwap: b.close,
      }));
      await cat.write({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' }, batchFromBars(btc), 'merge');
      await cat.write({ venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1d' }, batchFromBars(aapl), 'merge');
      // A rewrite, so superseded files must be gone for DuckDB not to see duplicates.
      await cat.write(
        { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
        batchFromBars(minuteBars(T0 + 10 * MINUTE, 5, 7)),
        'merge',
      );
      await cat.close();
      const expected = [...btc.slice(0, 10), ...minuteBars(T0 + 10 * MINUTE, 5, 7), ...btc.slice(15)];

      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      await conn.run("SET TimeZone = 'UTC'");
      const glob = `${dir}/bars/**/*.parquet`;
      const types = await conn.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning=true)`,
      );
      const typeOf = Object.fromEntries(types.getRowObjectsJS().map((r) => [r.column_name, r.column_type]));
      expect(typeOf).toMatchObject({
        ts: 'TIMESTAMP WITH TIME ZONE',
        open: 'DOUBLE',
        high: 'DOUBLE',
        low: 'DOUBLE',
        close: 'DOUBLE',
        volume: 'DOUBLE',
        venue: 'VARCHAR',
        symbol: 'VARCHAR',
        timeframe: 'VARCHAR',
      });
      const reader = await conn.runAndReadAll(
        `SELECT epoch_ms(ts) AS ms, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS iso, open, high, low, close, volume
         FROM read_parquet('${glob}', hive_partitioning=true, union_by_name=true)
         WHERE venue = 'BINANCE' AND symbol = 'BTCUSDT' AND timeframe = '1m' ORDER BY ts`,
      );
      const rows = reader.getRowObjectsJS();
      expect(rows.length).toBe(expected.length);
      expect(rows.map((r) => ({ ...r, ms: Number(r.ms), iso: undefined }))).toEqual(
        expected.map((b) => ({
          ms: b.ts,
          iso: undefined,
          open: b.open,
          high: b.high,
          low: b.low,
          close: b.close,
          volume: b.volume,
        })),
      );
      expect(rows[0]!.iso).toBe('2024-01-31T23:00:00');
      const daily = await conn.runAndReadAll(
        `SELECT epoch_ms(ts) AS ms, close, trades, vwap FROM read_parquet('${glob}', hive_partitioning=true, union_by_name=true)
         WHERE symbol = 'AAPL' ORDER BY ts`,
      );
      expect(daily.getRowObjectsJS().map((r) => [Number(r.ms), r.close, r.trades, r.vwap])).toEqual(
        aapl.map((b) => [b.ts, b.close, 42, b.close]),
      );
      conn.closeSync();
    } finally {
      cleanup();
    }
  });

  it('prunes row groups of a time range by the ts statistics, the only column statistics written', async () => {
    const { dir, cleanup } = tempDir('barcat-duck-prune-');
    try {
      const cat = await openCatalog(dir);
      const jan = Date.UTC(2024, 0, 1);
      // A month of 1m bars: row groups of 21,600, 21,600 and 1,440 rows.
      await cat.write(
        { venue: 'V', symbol: 'S', timeframe: '1m' },
        batchFromBars(minuteBars(jan, 44_640)),
        'merge',
      );
      await cat.close();
      const file = `${dir}/bars/venue=V/symbol=S/timeframe=1m/2024-01.v1.parquet`;
      const meta = await duckRows(
        `SELECT row_group_id AS g, path_in_schema AS col, stats_min AS lo, stats_max AS hi, data_page_offset AS at,
           total_compressed_size AS size FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`,
      );
      expect(meta.map((m) => [Number(m.g), m.col, m.lo, m.hi])).toEqual(
        [
          ['2024-01-01 00:00:00+00', '2024-01-15 23:59:00+00'],
          ['2024-01-16 00:00:00+00', '2024-01-30 23:59:00+00'],
          ['2024-01-31 00:00:00+00', '2024-01-31 23:59:00+00'],
        ].flatMap(([lo, hi], g) => [
          [g, 'ts', lo, hi],
          ...['open', 'high', 'low', 'close', 'volume'].map((c) => [g, c, null, null]),
        ]),
      );
      // Damage the first row group's ts chunk: a range that DuckDB prunes it from still reads exactly.
      const ts0 = meta[0] as Record<string, bigint>;
      const bytes = readFileSync(file);
      bytes.fill(0xff, Number(ts0.at) + 8, Number(ts0.at) + Number(ts0.size));
      writeFileSync(file, bytes);
      const rows = await duckRows(
        `SELECT epoch_ms(ts) AS ms, open, high, low, close, volume FROM read_parquet('${file}')
         WHERE ts >= '2024-01-16' ORDER BY ts`,
      );
      const expected = minuteBars(jan, 44_640).slice(21_600);
      expect(rows.length).toBe(23_040);
      expect(rows.map((r) => [Number(r.ms), r.open, r.high, r.low, r.close, r.volume])).toEqual(
        expected.map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume]),
      );
      // The damaged group is really unreadable: only the statistics kept DuckDB away from it.
      await expect(
        duckRows(`SELECT count(*) FROM read_parquet('${file}') WHERE ts >= '2024-01-15'`),
      ).rejects.toThrow();
    } finally {
      cleanup();
    }
  });
});
