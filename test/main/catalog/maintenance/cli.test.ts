import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, TIMEFRAME_HELP } from '../../../../src-shared/domain/timeframe';
import { duckRows } from '../../../helpers/duck';
import { cli } from '../cli-io';
import { CLI, T0, tempDirEach, writeInCsvArgs } from '../helpers';

const CSV = [
  'ts,open,high,low,close,volume',
  '2024-01-31T23:00:00Z,1,2,0.5,1.5,10',
  `${T0 + MINUTE},1.5,2,1,1.75,12`,
  '2024-01-31T23:05:00Z,1.75,2,1,1.9,3',
  '',
].join('\n');

describe('barcat catalog commands (in-process)', () => {
  const dir = tempDirEach('barcat-cli-');
  let cat: string;
  beforeEach(async () => {
    cat = path.join(dir(), 'cat');
    writeFileSync(path.join(dir(), 'in.csv'), CSV);
    const r = await cli(writeInCsvArgs(dir(), cat));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      'BINANCE:BTCUSDT:1m: added 3, replaced 0, removed 0, skipped 0; 1 partition files written\n',
    );
  });

  it('write reads stdin with "-" and reports counts as JSON', async () => {
    const r = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'skip', '-', '--json', '--catalog', cat], {
      stdin: CSV,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      added: 0,
      replaced: 0,
      removed: 0,
      skipped: 3,
      partitionsWritten: 0,
    });
  });

  it('write rejects a bad mode and a bad row with exit 2 and a line/column message', async () => {
    let r = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'replace', '-', '--catalog', cat], {
      stdin: CSV,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: --mode must be skip, overwrite or merge (got "replace"); usage: barcat write SERIES --mode skip|overwrite|merge [FILE|-] [--create]\n',
    );
    r = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--catalog', cat], {
      stdin: 'ts,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,x,1,1\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('barcat: stdin line 2 column 4 (low): "x" is not a number\n');
  });

  it('list prints a table and JSON', async () => {
    const r = await cli(['list', '--catalog', cat]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^SERIES\s+FIRST\s+LAST\s+ROWS\s+SIZE\s+COVERAGE\s+GAPS\s+CALENDAR$/,
    );
    expect(r.stdout.split('\n')[1]).toMatch(
      /^BINANCE:BTCUSDT:1m\s+2024-01-31T23:00:00Z\s+2024-01-31T23:05:00Z\s+3\s+[\d.]+ KB\s+50\.00%\s+1\s+24x7$/,
    );
    const j = await cli(['list', '--json', '--catalog', cat]);
    expect(JSON.parse(j.stdout)).toMatchObject([
      { id: 'BINANCE:BTCUSDT:1m', rows: 3, gapCount: 1, missingBars: 3 },
    ]);
  });

  it('list and gaps reject an unknown calendar with exit 2 naming the known ones', async () => {
    for (const args of [['list'], ['gaps', 'BINANCE:BTCUSDT:1m']]) {
      const r = await cli([...args, '--calendar', 'moon', '--catalog', cat]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^barcat: unknown calendar "moon"; known calendars: 24x7, .*xnys/);
    }
  });

  it('gaps lists missing intervals, honouring --from/--to', async () => {
    let r = await cli(['gaps', 'BINANCE:BTCUSDT:1m', '--catalog', cat]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'FROM                  TO                    MISSING BARS',
        '2024-01-31T23:02:00Z  2024-01-31T23:05:00Z             3',
        '1 gaps, 3 missing bars, 50.00% covered (calendar 24x7)',
        '',
      ].join('\n'),
    );
    r = await cli(['gaps', 'BINANCE:BTCUSDT:1m', '--to', '2024-01-31T23:10', '--json', '--catalog', cat]);
    expect(JSON.parse(r.stdout).gaps).toEqual([
      { from: T0 + 2 * MINUTE, to: T0 + 5 * MINUTE, missingBars: 3 },
      { from: T0 + 6 * MINUTE, to: T0 + 10 * MINUTE, missingBars: 4 },
    ]);
    r = await cli(['gaps', 'BINANCE:NOPE:1m', '--catalog', cat]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `barcat: series BINANCE:NOPE:1m is not in the catalog ${cat}; run "barcat list" to see what is there\n`,
    );
  });

  it('query prints CSV, JSON and Parquet, to stdout or --out', async () => {
    let r = await cli(['query', 'BINANCE:BTCUSDT:1m', '--from', '2024-01-31T23:01:00Z', '--catalog', cat]);
    expect(r.stdout).toBe(
      [
        'ts,open,high,low,close,volume',
        '2024-01-31T23:01:00.000Z,1.5,2,1,1.75,12',
        '2024-01-31T23:05:00.000Z,1.75,2,1,1.9,3',
        '',
      ].join('\n'),
    );
    r = await cli([
      'query',
      'BINANCE:BTCUSDT:1m',
      '--to',
      '2024-01-31T23:01:00Z',
      '--format',
      'json',
      '--catalog',
      cat,
    ]);
    expect(JSON.parse(r.stdout)).toEqual([
      { ts: '2024-01-31T23:00:00.000Z', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
    ]);
    r = await cli(
      ['query', 'BINANCE:BTCUSDT:1m', '--format', 'parquet', '--out', 'x.parquet', '--catalog', cat],
      {
        cwd: dir(),
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(path.join(dir(), 'x.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    // A file for outside tools: min/max statistics on every column, not on ts alone as catalog files.
    const stats = await duckRows(
      `SELECT path_in_schema AS col, stats_min AS lo, stats_max AS hi FROM parquet_metadata('${path.join(dir(), 'x.parquet')}') ORDER BY column_id`,
    );
    expect(stats).toEqual([
      { col: 'ts', lo: '2024-01-31 23:00:00+00', hi: '2024-01-31 23:05:00+00' },
      { col: 'open', lo: '1.0', hi: '1.75' },
      { col: 'high', lo: '2.0', hi: '2.0' },
      { col: 'low', lo: '0.5', hi: '1.0' },
      { col: 'close', lo: '1.5', hi: '1.9' },
      { col: 'volume', lo: '3.0', hi: '12.0' },
    ]);
    r = await cli(['query', 'BINANCE:BTCUSDT:1m', '--format', 'xml', '--catalog', cat]);
    expect(r).toMatchObject({ code: 2, stderr: 'barcat: --format "xml" is not one of csv, json, parquet\n' });
    r = await cli(['query', 'BINANCE:BTCUSDT:1m', '--from', 'yesterday', '--catalog', cat]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: --from "yesterday" is not a time; use ISO-8601 like 2024-01-31 or 2024-01-31T09:30:00Z\n',
    );
  });

  it('query selects --years and --months (inclusive) and rejects a bad span', async () => {
    const daily = ['ts,open,high,low,close,volume'];
    for (let d = Date.UTC(2014, 0, 1); d < Date.UTC(2017, 0, 1); d += 86_400_000)
      daily.push(`${d},1,1,1,1,1`);
    let r = await cli(['write', 'NASDAQ:AAPL:1d', '--mode', 'merge', '-', '--catalog', cat], {
      stdin: `${daily.join('\n')}\n`,
    });
    expect(r.code).toBe(0);
    r = await cli([
      'query',
      'NASDAQ:AAPL:1d',
      '--years',
      '2015-2016',
      '--months',
      '2-2',
      '--format',
      'json',
      '--catalog',
      cat,
    ]);
    const days = JSON.parse(r.stdout).map((b: { ts: string }) => b.ts.slice(0, 10));
    expect(days.length).toBe(28 + 29);
    expect([days[0], days.at(-1)]).toEqual(['2015-02-01', '2016-02-29']);
    r = await cli(['query', 'NASDAQ:AAPL:1d', '--months', '0-13', '--catalog', cat]);
    expect(r).toMatchObject({
      code: 2,
      stderr: 'barcat: --months "0-13" must look like N or N-M with 1 <= N <= M <= 12\n',
    });
  });

  it('verify and rebuild report what they did', async () => {
    let r = await cli(['verify', '--catalog', cat]);
    expect(r).toMatchObject({ code: 0, stdout: '1 partitions checked, 1 ok, 0 quarantined\n' });
    r = await cli(['rebuild', '--catalog', cat]);
    expect(r).toMatchObject({ code: 0, stdout: 'rebuilt 1 manifests for 1 series (1 partitions)\n' });
    const file = path.join(cat, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-01.v1.parquet');
    writeFileSync(file, 'garbage');
    r = await cli(['verify', '--catalog', cat]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 partitions checked, 0 ok, 1 quarantined\n');
    expect(r.stdout).toContain('quarantined files are in .quarantine/');
  });
});

describe('barcat bundle in a child process', () => {
  const dir = tempDirEach('barcat-cli-bin-');
  it('exits with the documented codes and one-line errors', () => {
    const cat = path.join(dir(), 'cat');
    const run = (args: string[], input?: string) =>
      spawnSync('node', [CLI, ...args, '--catalog', cat], { input, encoding: 'utf8' });
    let r = run(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'overwrite', '-', '--create'], CSV);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    r = run(['query', 'BINANCE:BTCUSDT:1m', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
    r = run(['gaps', 'BINANCE:BTCUSDT:9x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `barcat: series id "BINANCE:BTCUSDT:9x": "9x" is not a timeframe: ${TIMEFRAME_HELP}\n`,
    );
    r = run(['query', 'BINANCE:ETHUSDT:1m']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^barcat: series BINANCE:ETHUSDT:1m is not in the catalog .*\n$/);
    r = run(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('BINANCE:BTCUSDT:1m');
  });
});
