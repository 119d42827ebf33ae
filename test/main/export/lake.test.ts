import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { duckRows } from '../../helpers/duck';
import { filesUnder } from '../../helpers/files-under';
import { cli } from '../catalog/cli-io';
import { fileTempDir, minuteBars } from '../catalog/helpers';
import { windowsArgs } from './windows-args';

const tmp = fileTempDir('barcat-lake-');
const cat = ['--catalog', tmp.catalogDir];
const T0 = Date.UTC(2024, 0, 1);
const at = (h: number, m: number) => T0 + h * 3_600_000 + m * 60_000;
// BTC: 00:00-03:00 with a gap 01:00-01:10 and nothing 02:00-02:05, which a provider said is empty.
const BTC = minuteBars(T0, 180).filter(
  (b) => !(b.ts >= at(1, 0) && b.ts < at(1, 10)) && !(b.ts >= at(2, 0) && b.ts < at(2, 5)),
);
const ETH = minuteBars(T0, 180, 2000);
// AAPL daily on the xnys trading days 2024-01-02..2024-01-12 (no weekend bars).
const AAPL_DAYS = [2, 3, 4, 5, 8, 9, 10, 11, 12].map((d) => Date.UTC(2024, 0, d));
const AAPL = AAPL_DAYS.map((ts, i) => ({
  ts,
  open: 180 + i,
  high: 181 + i,
  low: 179 + i,
  close: 180.5 + i,
  volume: 1e6 + i,
}));

const EVENTS = [
  'instrument,timestamp,event_id',
  'BINANCE:BTCUSDT:1m,2024-01-01T02:03:00Z,c',
  'BINANCE:BTCUSDT:1m,2024-01-01T00:30:00Z,a',
  'BINANCE:BTCUSDT:1m,2024-01-01T01:02:30Z,b',
  'ETHUSDT,2024-01-01T00:01:00Z,e',
  'NASDAQ:AAPL:1d,2024-01-08T15:00:00Z,d',
].join('\n');
const eventsFile = path.join(tmp.dir, 'events.csv');

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  const btc = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
  await catalog.write(btc, batchFromBars(BTC), 'merge');
  await catalog.recordCheckedEmpty(btc, [
    { from: at(2, 0), to: at(2, 5), provider: 'binance-spot', checkedAt: T0 },
  ]);
  await catalog.write({ venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1m' }, batchFromBars(ETH), 'merge');
  const aapl = { venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1d' } as const;
  await catalog.write(aapl, batchFromBars(AAPL), 'merge');
  await catalog.setCalendar(aapl, 'xnys');
  await catalog.close();
  // The ETH symbol is matched at --timeframe 1m: give it a day-bar twin that must not match.
  writeFileSync(eventsFile, `${EVENTS}\n`);
});

const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const windows = (out: string, extra: string[] = []) =>
  cli(windowsArgs(eventsFile, 5, out, '--timeframe', '1m', ...cat, ...extra));

describe('barcat export windows', () => {
  const out1 = path.join(tmp.dir, 'lake1');
  const out2 = path.join(tmp.dir, 'lake2');

  it('refuses an instrument that is not a 1m series when --timeframe 1m is given', async () => {
    const r = await windows(path.join(tmp.dir, 'never'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: events.csv:6:1: instrument "NASDAQ:AAPL:1d" maps to NASDAQ:AAPL:1d, which cannot give the 1m bars --timeframe asks: 1m is finer; a series only resamples to a coarser timeframe\n',
    );
    expect(existsSync(path.join(tmp.dir, 'never'))).toBe(false);
    expect(readdirSync(tmp.dir).filter((n) => n.includes('staging'))).toEqual([]);
  });

  it('the same input twice gives byte-identical folders', async () => {
    const mapFile = path.join(tmp.dir, 'map.csv');
    writeFileSync(
      mapFile,
      'instrument,series\nBINANCE:BTCUSDT:1m,BINANCE:BTCUSDT:1m\nETHUSDT,BINANCE:ETHUSDT:1m\nNASDAQ:AAPL:1d,NASDAQ:AAPL:1d\n',
    );
    const args = (out: string) => windowsArgs(eventsFile, 5, out, '--series-map', mapFile, ...cat);
    const r1 = await cli(args(out1));
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    const r2 = await cli(args(out2));
    expect(r2.code).toBe(0);
    const files = filesUnder(out1);
    expect(files).toEqual([
      'bars/bucket=08/part-0000.parquet',
      'bars/bucket=3b/part-0000.parquet',
      'bars/bucket=58/part-0000.parquet',
      'coverage/part-0000.parquet',
      'manifest.json',
    ]);
    expect(filesUnder(out2)).toEqual(files);
    for (const f of files)
      expect(readFileSync(path.join(out2, f)).equals(readFileSync(path.join(out1, f))), f).toBe(true);
    expect(r1.stdout).toBe(r2.stdout.replace(out2, out1));
  });

  it('coverage is exact for an event straddling a gap and one over a checked-empty range, with calendar slots', async () => {
    const rows = await duckRows(
      `SELECT event, instrument, series, epoch_ms(event_ts)::DOUBLE AS event_ts, epoch_ms("from")::DOUBLE AS "from", epoch_ms("to")::DOUBLE AS "to",
        expected, present, outside_session, missing_bars, checked_empty_bars, missing, checked_empty
       FROM read_parquet('${out1}/coverage/*.parquet') ORDER BY event`,
    );
    const iso = (h: number, m: number) => new Date(at(h, m)).toISOString();
    expect(rows).toEqual([
      {
        event: 'a',
        instrument: 'BINANCE:BTCUSDT:1m',
        series: 'BINANCE:BTCUSDT:1m',
        event_ts: at(0, 30),
        from: at(0, 25),
        to: at(0, 35),
        expected: 10,
        present: 10,
        outside_session: 0,
        missing_bars: 0,
        checked_empty_bars: 0,
        missing: '[]',
        checked_empty: '[]',
      },
      {
        event: 'b',
        instrument: 'BINANCE:BTCUSDT:1m',
        series: 'BINANCE:BTCUSDT:1m',
        event_ts: at(1, 2) + 30_000,
        from: at(0, 57),
        to: at(1, 7),
        expected: 10,
        present: 3,
        outside_session: 0,
        missing_bars: 7,
        checked_empty_bars: 0,
        missing: `[["${iso(1, 0)}","${iso(1, 7)}"]]`,
        checked_empty: '[]',
      },
      {
        event: 'c',
        instrument: 'BINANCE:BTCUSDT:1m',
        series: 'BINANCE:BTCUSDT:1m',
        event_ts: at(2, 3),
        from: at(1, 58),
        to: at(2, 8),
        expected: 10,
        present: 5,
        outside_session: 0,
        missing_bars: 0,
        checked_empty_bars: 5,
        missing: '[]',
        checked_empty: `[["${iso(2, 0)}","${iso(2, 5)}"]]`,
      },
      // xnys: 5 trading days before 2024-01-08 are Jan 2-5 and Dec 29 (Jan 1 is a holiday); 5 from it are Jan 8-12.
      {
        event: 'd',
        instrument: 'NASDAQ:AAPL:1d',
        series: 'NASDAQ:AAPL:1d',
        event_ts: Date.UTC(2024, 0, 8, 15),
        from: Date.UTC(2023, 11, 29),
        to: Date.UTC(2024, 0, 13),
        expected: 10,
        present: 9,
        outside_session: 0,
        missing_bars: 1,
        checked_empty_bars: 0,
        missing: `[["2023-12-29T00:00:00.000Z","2023-12-30T00:00:00.000Z"]]`,
        checked_empty: '[]',
      },
      // ETH starts at 00:00: the 5 bars before 00:01 hold only one bar, the 4 before it are missing.
      {
        event: 'e',
        instrument: 'ETHUSDT',
        series: 'BINANCE:ETHUSDT:1m',
        event_ts: at(0, 1),
        from: at(23 - 24, 56),
        to: at(0, 6),
        expected: 10,
        present: 6,
        outside_session: 0,
        missing_bars: 4,
        checked_empty_bars: 0,
        missing: `[["${iso(-1, 56)}","${iso(0, 0)}"]]`,
        checked_empty: '[]',
      },
    ]);
  });

  it('bars carry the event, instrument and offset from the event bar, in a hive bucket folder', async () => {
    const rows = await duckRows(
      `SELECT bucket, event, instrument, "offset", epoch_ms(ts)::DOUBLE AS ts, open, trades FROM read_parquet('${out1}/bars/**/*.parquet', hive_partitioning = true)
       WHERE event = 'b' ORDER BY ts`,
    );
    expect(rows).toEqual(
      [57, 58, 59].map((m, i) => ({
        bucket: '08',
        event: 'b',
        instrument: 'BINANCE:BTCUSDT:1m',
        offset: -5 + i,
        ts: at(0, m),
        open: 100 + (57 + i) / 100,
        trades: null,
      })),
    );
    const count = await duckRows(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${out1}/bars/**/*.parquet')`,
    );
    expect(count).toEqual([{ n: 10 + 3 + 5 + 9 + 6 }]);
  });

  it('manifest lists every file with size, rows and sha256, the inputs and a seal over its canonical body', async () => {
    const m = JSON.parse(readFileSync(path.join(out1, 'manifest.json'), 'utf8'));
    expect(Object.keys(m)).toEqual(['files', 'format', 'inputs', 'seal', 'tool', 'totals']);
    expect(m.files.map((f: { path: string; rows: number }) => [f.path, f.rows])).toEqual([
      ['bars/bucket=08/part-0000.parquet', 18],
      ['bars/bucket=3b/part-0000.parquet', 6],
      ['bars/bucket=58/part-0000.parquet', 9],
      ['coverage/part-0000.parquet', 5],
    ]);
    expect(m.inputs.window).toEqual({ post: 5, pre: 5, timeframe: null });
    expect(m.inputs.series.map((s: { id: string; calendar: string }) => [s.id, s.calendar])).toEqual([
      ['BINANCE:BTCUSDT:1m', '24x7'],
      ['BINANCE:ETHUSDT:1m', '24x7'],
      ['NASDAQ:AAPL:1d', 'xnys'],
    ]);
    expect(m.inputs.events).toMatchObject({ file: 'events.csv', count: 5 });
    expect(m.totals).toEqual({
      checkedEmptyBars: 5,
      events: 5,
      expected: 50,
      missingBars: 12,
      outsideSession: 0,
      present: 33,
      rows: 33,
    });
    const { seal, ...body } = m;
    const { canonicalJson } = await import('../../../src-main/engines/export/lake/canonical');
    const { sha256Hex } = await import('../../../src-main/plumbing/sha256');
    expect(seal).toBe(sha256Hex(canonicalJson(body)));
  });

  it('refuses a folder that holds files, and one inside the catalog', async () => {
    const r = await windows(out1);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `barcat: ${out1} is not empty (3 entries); an export goes to a new or empty folder and is never modified in place\n`,
    );
    const inside = path.join(tmp.catalogDir, 'lake');
    const r2 = await windows(inside);
    expect(r2.stderr).toBe(
      `barcat: ${inside} is inside the catalog ${tmp.catalogDir}; export to a folder outside it\n`,
    );
    expect(existsSync(inside)).toBe(false);
    // A folder whose name starts with two dots is still inside (not a step out of the catalog).
    const dotted = path.join(tmp.catalogDir, '..exports');
    const r3 = await windows(dotted);
    expect(r3).toMatchObject({
      code: 2,
      stderr: `barcat: ${dotted} is inside the catalog ${tmp.catalogDir}; export to a folder outside it\n`,
    });
    expect(existsSync(dotted)).toBe(false);
  });
});

describe('events as Parquet', () => {
  it('gives the same bars and coverage files as the same events in CSV', async () => {
    const parquet = path.join(tmp.dir, 'events.parquet');
    await duckRows(
      `COPY (SELECT instrument, "timestamp"::TIMESTAMPTZ AS "timestamp", event_id FROM read_csv('${eventsFile}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    const mapFile = path.join(tmp.dir, 'map.csv');
    const out = path.join(tmp.dir, 'lake-from-parquet');
    const r = await cli(windowsArgs(parquet, 5, out, '--series-map', mapFile, ...cat));
    expect(r.stderr).toBe('');
    const lake1 = path.join(tmp.dir, 'lake1');
    const data = filesUnder(lake1).filter((f) => f !== 'manifest.json');
    expect(filesUnder(out).filter((f) => f !== 'manifest.json')).toEqual(data);
    for (const f of data)
      expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(lake1, f))), f).toBe(true);
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(m.inputs.events).toMatchObject({
      file: 'events.parquet',
      count: 5,
      sha256: sha256Of(readFileSync(parquet)),
    });
  });

  it('names the row and column of a bad value', async () => {
    const parquet = path.join(tmp.dir, 'bad-events.parquet');
    await duckRows(
      `COPY (SELECT * FROM (VALUES ('ETHUSDT', TIMESTAMPTZ '2024-01-01 00:10:00+00'), ('ETHUSDT', NULL)) t(instrument, ts)) TO '${parquet}' (FORMAT parquet)`,
    );
    const r = await cli(windowsArgs(parquet, 1, path.join(tmp.dir, 'never2'), '--timeframe', '1m', ...cat));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: bad-events.parquet: row 2, column ts: "null" is not a time; write ISO 8601 like 2024-01-31T09:30:00Z (UTC when no zone is given) or epoch milliseconds\n',
    );
  });
});

describe('barcat export verify', () => {
  const sealed = path.join(tmp.dir, 'lake1');
  const copy = (name: string) => {
    const dir = path.join(tmp.dir, name);
    cpSync(sealed, dir, { recursive: true });
    return dir;
  };

  it('passes an export as written', async () => {
    const r = await cli(['export', 'verify', sealed]);
    const seal = JSON.parse(readFileSync(path.join(sealed, 'manifest.json'), 'utf8')).seal;
    expect(r).toMatchObject({
      code: 0,
      stdout: `ok: 5 files, 33 bars, 5 events as sealed (${seal})\n`,
      stderr: '',
    });
  });

  it('names a file with one flipped byte', async () => {
    const dir = copy('flipped');
    const file = path.join(dir, 'bars/bucket=08/part-0000.parquet');
    const bytes = readFileSync(file);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const entry = manifest.files.find((f: { path: string }) => f.path === 'bars/bucket=08/part-0000.parquet');
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(file, bytes);
    const { sha256Hex } = await import('../../../src-main/plumbing/sha256');
    const r = await cli(['export', 'verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `bars/bucket=08/part-0000.parquet: differs from the manifest (${bytes.length} bytes, sha256 ${sha256Hex(bytes)}; the manifest says ${entry.bytes} bytes, sha256 ${entry.sha256})\n`,
    );
    expect(r.stderr).toBe(`barcat: ${dir} differs from its manifest in 1 place\n`);
  });

  it('names a missing file and a file the manifest does not list', async () => {
    const dir = copy('missing');
    rmSync(path.join(dir, 'coverage/part-0000.parquet'));
    writeFileSync(path.join(dir, 'bars/notes.txt'), 'x');
    const r = await cli(['export', 'verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'coverage/part-0000.parquet: missing\nbars/notes.txt: not listed in the manifest\n',
    );
  });

  it('finds a tampered manifest by its seal', async () => {
    const dir = copy('tampered');
    const file = path.join(dir, 'manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"present": 33', '"present": 34'));
    const r = await cli(['export', 'verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "manifest.json: the seal does not match the manifest's contents (the manifest was changed after it was sealed)\n",
    );
  });

  it('checks the coverage table against the bars: a re-sealed manifest with wrong totals is still caught', async () => {
    const dir = copy('resealed');
    const file = path.join(dir, 'manifest.json');
    const { manifestText } = await import('../../../src-main/engines/export/lake/manifest');
    const { seal: _seal, ...body } = JSON.parse(readFileSync(file, 'utf8'));
    body.totals.present = 34;
    writeFileSync(file, manifestText(body));
    const r = await cli(['export', 'verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('manifest.json: totals.present is 34, the coverage table sums to 33\n');
  });
});

describe('events file errors name file:line:column', () => {
  const run = async (name: string, text: string) => {
    const file = path.join(tmp.dir, name);
    writeFileSync(file, text);
    return cli(windowsArgs(file, 1, path.join(tmp.dir, `out-${name}`), ...cat));
  };

  it('a bad time', async () => {
    const r = await run(
      'bad-time.csv',
      'instrument,timestamp\nBINANCE:BTCUSDT:1m,2024-01-01T00:00:00Z\nBINANCE:BTCUSDT:1m,2024-13-45\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: bad-time.csv:3:20: "2024-13-45" is not a time; write ISO 8601 like 2024-01-31T09:30:00Z (UTC when no zone is given) or epoch milliseconds\n',
    );
  });

  it('a line with too few fields, an empty instrument, an unclosed quote', async () => {
    expect(
      (await run('short.csv', 'instrument,timestamp,event_id\nX,2024-01-01,1\nY,2024-01-01\n')).stderr,
    ).toBe(
      'barcat: short.csv:3:1: 2 fields, the header has 3; every line needs instrument,timestamp,event_id\n',
    );
    expect((await run('empty.csv', 'timestamp,instrument\n2024-01-01, \n')).stderr).toBe(
      'barcat: empty.csv:2:12: the instrument is empty\n',
    );
    expect((await run('quote.csv', 'instrument,timestamp\n"BINANCE:BTCUSDT:1m,2024-01-01\n')).stderr).toBe(
      'barcat: quote.csv:2:1: a quote opened here is never closed\n',
    );
  });

  it('an instrument that names no series, a symbol without --timeframe, a duplicate id', async () => {
    expect(
      (
        await run(
          'unknown.csv',
          'instrument,timestamp\nBINANCE:BTCUSDT:1m,2024-01-01\n"KRAKEN:XBTUSD:1m",2024-01-01\n',
        )
      ).stderr,
    ).toBe(
      `barcat: unknown.csv:3:1: instrument "KRAKEN:XBTUSD:1m" maps to series KRAKEN:XBTUSD:1m, which is not in the catalog ${tmp.catalogDir}; run "barcat list"\n`,
    );
    expect((await run('symbol.csv', 'timestamp,instrument\n2024-01-01,BTCUSDT\n')).stderr).toBe(
      'barcat: symbol.csv:2:12: instrument "BTCUSDT" is a symbol; give --timeframe to match it, write VENUE:SYMBOL:TF, or pass --series-map\n',
    );
    expect(
      (await run('dup.csv', 'instrument,timestamp,id\nETHUSDT,2024-01-01,x\nETHUSDT,2024-01-02,x\n')).stderr,
    ).toBe('barcat: dup.csv:3: event id "x" is also at line 2; ids must be unique\n');
  });
});
