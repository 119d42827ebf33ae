import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fileTempDir } from '../main/catalog/helpers';
import {
  barsOf,
  barsTable,
  catalogBars,
  cli,
  importMinutesArgs,
  minuteRows,
  pgSql,
  type Row,
} from './helpers';

const tmp = fileTempDir('barcat-pgimp-');
const url = () => inject('pgUrl');

describe('barcat import-db from PostgreSQL', () => {
  const btc = minuteRows('binance', 'BTCUSDT', '2024-01-31T23:50:00Z', 20, 40000);
  const eth = minuteRows('binance', 'ETH/USDT', '2024-01-31T23:55:00Z', 10, 2000);
  // Bad rows: high below close, a time off the 1m grid, a second row for one key, an empty symbol.
  const bad: Row[] = [
    { ...btc[5]!, ts: '2024-02-01T00:20:00.000Z', high: 1, close: 40001 },
    { ...btc[6]!, ts: '2024-02-01T00:21:30.000Z' },
    { ...eth[3]!, close: eth[3]!.close + 1, high: eth[3]!.high + 1 },
    { ...btc[7]!, symbol: '' },
  ];
  beforeAll(async () => {
    await barsTable('market_data', [...btc, ...eth, ...bad]);
  });

  it('refuses the whole migration by default, naming each bad row by its key, and writes nothing', async () => {
    const dir = path.join(tmp.dir, 'reject');
    const r = await cli(importMinutesArgs(url(), 'market_data', dir, '--create'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rejected: 4 of 34 rows break a rule; nothing written');
    expect(r.stdout).toContain(
      'BINANCE:BTCUSDT:1m@2024-02-01T00:20:00.000Z high: high 1 is below max(open 40001.25, close 40001) (high_below_max)',
    );
    expect(r.stdout).toContain(
      'BINANCE:BTCUSDT:1m@2024-02-01T00:21:30.000Z ts: the bar time is not on the 1m grid (off_grid)',
    );
    expect(r.stdout).toContain(
      'BINANCE:ETH_USDT:1m@2024-01-31T23:58:00.000Z ts: a second row for this series and time (duplicate)',
    );
    expect(r.stdout).toContain(
      'binance:@2024-01-31T23:57:00.000Z venue,symbol: symbol is empty (bad_series)',
    );
    expect(await catalogBars(dir, 'BINANCE:BTCUSDT:1m')).toEqual([]);
  });

  it('with --on-error skip takes the good rows of every symbol, lists the left-out ones, and the parity check passes', async () => {
    const dir = path.join(tmp.dir, 'skip');
    const r = await cli(importMinutesArgs(url(), 'market_data', dir, '--on-error', 'skip', '--create'));
    expect(r.stderr).not.toContain('barcat:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '34 rows read into 2 series: added 30, replaced 0, removed 0, skipped 0 (existing won); 4 rows left out',
    );
    expect(r.stdout).toContain('high_below_max: 1');
    expect(r.stdout).toMatch(/BINANCE:BTCUSDT:1m\s+2\s+0\s+20\s+20/);
    expect(r.stdout).toMatch(/BINANCE:ETH_USDT:1m\s+2\s+0\s+10\s+10/);
    expect(r.stdout).toContain('4 database rows break a rule and are not compared');
    expect(r.stdout).toContain('parity OK');
    expect(await catalogBars(dir, 'BINANCE:BTCUSDT:1m')).toEqual(barsOf(btc));
    expect(await catalogBars(dir, 'BINANCE:ETH_USDT:1m')).toEqual(barsOf(eth));
  });

  it('reads a naive timestamp in --tz (DST-correct) and a timestamptz as the instant it is', async () => {
    await pgSql(
      'CREATE TABLE naive (ts timestamp, open float8, high float8, low float8, close float8, volume float8)',
    );
    await pgSql(
      'CREATE TABLE aware (ts timestamptz, open float8, high float8, low float8, close float8, volume float8)',
    );
    // New York's clocks jump from 02:00 to 03:00 on 2024-03-10: 01:00 EST is 06:00Z, 03:00 EDT is 07:00Z.
    for (const t of ['naive', 'aware'])
      await pgSql(
        `INSERT INTO ${t} VALUES ('2024-03-10 01:00:00${t === 'aware' ? '-05' : ''}', 1, 2, 0.5, 1.5, 10), ('2024-03-10 03:00:00${t === 'aware' ? '-04' : ''}', 2, 3, 1.5, 2.5, 20)`,
      );
    const dir = path.join(tmp.dir, 'tz');
    const noZone = await cli([
      'import-db',
      url(),
      '--table',
      'naive',
      '--series',
      'NYSE:TZ:1h',
      '--catalog',
      dir,
      '--create',
    ]);
    expect(noZone.code).toBe(2);
    expect(noZone.stderr).toContain(
      'column ts is a timestamp without time zone: say which zone its times are in with --tz (e.g. --tz UTC or --tz America/New_York)',
    );
    const a = await cli([
      'import-db',
      url(),
      '--table',
      'naive',
      '--series',
      'NYSE:NAIVE:1h',
      '--tz',
      'America/New_York',
      '--catalog',
      dir,
      '--create',
    ]);
    expect(a.code).toBe(0);
    // A zone given for a timestamptz column changes nothing: its values are instants.
    const b = await cli([
      'import-db',
      url(),
      '--table',
      'aware',
      '--series',
      'NYSE:AWARE:1h',
      '--tz',
      'Asia/Tokyo',
      '--catalog',
      dir,
      '--create',
    ]);
    expect(b.code).toBe(0);
    const want = [
      { ts: Date.parse('2024-03-10T06:00:00Z'), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
      { ts: Date.parse('2024-03-10T07:00:00Z'), open: 2, high: 3, low: 1.5, close: 2.5, volume: 20 },
    ];
    expect(await catalogBars(dir, 'NYSE:NAIVE:1h')).toEqual(want);
    expect(await catalogBars(dir, 'NYSE:AWARE:1h')).toEqual(want);
  });

  it('refuses a URL that carries a password, before connecting', async () => {
    const r = await cli([
      'import-db',
      'postgres://u:secret@127.0.0.1:1/db',
      '--table',
      't',
      '--series',
      'A:B:1m',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'the database URL carries a password: remove it and set PGPASSWORD or use ~/.pgpass (passwords never go on the command line)',
    );
  });
});
