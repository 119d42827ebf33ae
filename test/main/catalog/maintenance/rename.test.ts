import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchFromBars,
  jobsDir,
  openCatalog,
  readOps,
  writeJobFile,
} from '../../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { DAY, MINUTE } from '../../../../src-shared/domain/timeframe';
import { filesUnder } from '../../../helpers/files-under';
import { jobView } from '../../../helpers/job-view';
import { cli } from '../cli-io';
import { CLI, healthyVerify, minuteBars, storedBars, T0, tempDirAll } from '../helpers';

const OLD: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const NEW: SeriesKey = { venue: 'COINBASE', symbol: 'BTCUSD', timeframe: '1m' };
// Jan 31 23:00 .. Feb 1 00:59 and a day in mid-February: two monthly partitions.
const BARS = [...minuteBars(T0, 120, 100), ...minuteBars(T0 + 10 * DAY, 1440, 300)];
const CHECKED = { from: T0 - 60 * MINUTE, to: T0, provider: 'binance', checkedAt: 1 };

const OLD_FILES = [
  'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-01.v1.parquet',
  'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-02.v1.parquet',
  'catalog.json',
  // The series' first write is kept for undo (the empty series before it); it follows a rename.
  'history/BINANCE~BTCUSDT~1m/1/entry.json',
  'manifests/BINANCE~BTCUSDT~1m.json',
  'quality/BINANCE~BTCUSDT~1m.json',
];
const NEW_FILES = [
  'bars/venue=COINBASE/symbol=BTCUSD/timeframe=1m/2024-01.v1.parquet',
  'bars/venue=COINBASE/symbol=BTCUSD/timeframe=1m/2024-02.v1.parquet',
  'catalog.json',
  'history/COINBASE~BTCUSD~1m/1/entry.json',
  'manifests/COINBASE~BTCUSD~1m.json',
  'quality/COINBASE~BTCUSD~1m.json',
];
// The series' quality results (their content is the quality engine's; the rename moves the file).
const RESULTS = '{"results":"of BINANCE:BTCUSDT:1m"}\n';

const barsOf = storedBars;

function manifestOf(dir: string, key: SeriesKey): Record<string, unknown> {
  const name = `${key.venue}~${key.symbol}~${key.timeframe}.json`;
  return JSON.parse(readFileSync(path.join(dir, 'manifests', name), 'utf8'));
}

describe('renameSeries', () => {
  let work: string;
  let base: string;
  const tmp = tempDirAll('barcat-rename-');
  let oldManifest: Record<string, unknown>;

  beforeAll(async () => {
    work = tmp();
    base = path.join(work, 'base');
    const cat = await openCatalog(base);
    await cat.write(OLD, batchFromBars(BARS), 'merge');
    await cat.setCalendar(OLD, 'XNYS');
    await cat.setProvider(OLD, 'binance');
    await cat.recordCheckedEmpty(OLD, [CHECKED]);
    await cat.close();
    mkdirSync(path.join(base, 'quality'));
    writeFileSync(path.join(base, 'quality', 'BINANCE~BTCUSDT~1m.json'), RESULTS);
    oldManifest = manifestOf(base, OLD);
    expect(filesUnder(base)).toEqual(OLD_FILES);
  });

  function copy(name: string): string {
    const dir = path.join(work, name);
    cpSync(base, dir, { recursive: true });
    return dir;
  }

  it('moves every partition and the manifest, keeping bars, calendar, provider and checked-empty', async () => {
    const dir = copy('moved');
    const cat = await openCatalog(dir);
    expect(await cat.renameSeries(OLD, { venue: 'coinbase', symbol: 'btcusd' })).toEqual(NEW);
    expect((await cat.listSeries()).map((s) => s.id)).toEqual(['COINBASE:BTCUSD:1m']);
    expect(await cat.verify()).toEqual(healthyVerify(2));
    await cat.close();
    expect(filesUnder(dir)).toEqual(NEW_FILES);
    expect(manifestOf(dir, NEW)).toEqual({
      ...oldManifest,
      series: 'COINBASE:BTCUSD:1m',
      venue: 'COINBASE',
      symbol: 'BTCUSD',
    });
    expect(manifestOf(dir, NEW)).toMatchObject({
      calendar: 'xnys',
      provider: 'binance',
      checkedEmpty: [CHECKED],
    });
    expect(await barsOf(dir, NEW)).toEqual(await barsOf(base, OLD));
    expect((await barsOf(dir, NEW)).length).toBe(BARS.length);
  });

  it('refuses a target that exists (target_exists) and changes nothing', async () => {
    const dir = copy('taken');
    const cat = await openCatalog(dir);
    await cat.write(NEW, batchFromBars(minuteBars(T0, 5, 50)), 'merge');
    const before = filesUnder(dir);
    await expect(cat.renameSeries(OLD, { venue: 'COINBASE', symbol: 'BTCUSD' })).rejects.toMatchObject({
      code: 'DATA',
      message: `series COINBASE:BTCUSD:1m already exists in the catalog ${dir}; choose another venue or symbol`,
      details: { reason: 'target_exists', series: 'COINBASE:BTCUSD:1m' },
    });
    await expect(cat.renameSeries({ ...OLD, symbol: 'NOPE' }, { venue: 'X' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await cat.close();
    expect(filesUnder(dir)).toEqual(before);
    expect(manifestOf(dir, OLD)).toEqual(oldManifest);
    expect((await barsOf(dir, NEW)).length).toBe(5);
    expect((await barsOf(dir, OLD)).length).toBe(BARS.length);
  });

  it('a rename that fails midway (a foreign file in the target folder) is undone, journal and all', async () => {
    const dir = copy('foreign');
    const foreign = 'bars/venue=COINBASE/symbol=BTCUSD/timeframe=1m/notes.txt';
    mkdirSync(path.dirname(path.join(dir, foreign)), { recursive: true });
    writeFileSync(path.join(dir, foreign), 'mine');
    const cat = await openCatalog(dir);
    await expect(cat.renameSeries(OLD, { venue: 'COINBASE', symbol: 'BTCUSD' })).rejects.toMatchObject({
      code: 'ENOTEMPTY',
    });
    expect((await cat.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
    await cat.close();
    expect(filesUnder(dir)).toEqual([...OLD_FILES, foreign].sort());
    expect(await barsOf(dir, OLD)).toEqual(await barsOf(base, OLD));
  });

  it('waits for a running job on the series (series_busy); an interrupted one does not hold it', async () => {
    const dir = copy('busy');
    const view = jobView({
      id: 'backfill-1',
      kind: 'backfill',
      title: 'Backfill BINANCE:BTCUSDT:1m',
      state: 'running',
      finishedAt: null,
      seriesIds: ['BINANCE:BTCUSDT:1m'],
    });
    writeJobFile(jobsDir(dir), { view, ownerPid: process.pid });
    const cat = await openCatalog(dir);
    await expect(cat.renameSeries(OLD, { venue: 'COINBASE' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message:
        'series BINANCE:BTCUSDT:1m is in use by the running job "Backfill BINANCE:BTCUSDT:1m" (backfill-1); rename it once that job has ended',
      details: { reason: 'series_busy', series: 'BINANCE:BTCUSDT:1m', jobId: 'backfill-1' },
    });
    expect(manifestOf(dir, OLD)).toEqual(oldManifest);
    writeJobFile(jobsDir(dir), { view, ownerPid: null });
    expect(await cat.renameSeries(OLD, { venue: 'COINBASE' })).toEqual({ ...OLD, venue: 'COINBASE' });
    await cat.close();
  });

  it('job files naming the old id name the new one, their resumable state too; others stay', async () => {
    const dir = copy('jobs');
    const view = (id: string, series: string) =>
      jobView({
        id,
        kind: 'backfill',
        title: `Backfill ${series} from binance`,
        state: 'parked',
        message: `2 requests for ${series} parked`,
        parked: 2,
        seriesIds: [series],
      });
    const resume = (series: string) => ({ request: { series, provider: 'binance' }, job: { series } });
    writeJobFile(jobsDir(dir), {
      view: view('bf-1', 'BINANCE:BTCUSDT:1m'),
      ownerPid: null,
      resume: resume('BINANCE:BTCUSDT:1m'),
    });
    // Another series whose id holds the old one as a part: not the renamed series.
    writeJobFile(jobsDir(dir), {
      view: view('bf-2', 'XBINANCE:BTCUSDT:1m'),
      ownerPid: null,
      resume: resume('XBINANCE:BTCUSDT:1m'),
    });
    const cat = await openCatalog(dir);
    await cat.renameSeries(OLD, { venue: 'COINBASE', symbol: 'BTCUSD' });
    await cat.close();
    const file = (id: string) => JSON.parse(readFileSync(path.join(dir, 'jobs', `${id}.json`), 'utf8'));
    expect(file('bf-1')).toEqual({
      view: view('bf-1', 'COINBASE:BTCUSD:1m'),
      ownerPid: null,
      resume: resume('COINBASE:BTCUSD:1m'),
    });
    expect(file('bf-2')).toEqual({
      view: view('bf-2', 'XBINANCE:BTCUSDT:1m'),
      ownerPid: null,
      resume: resume('XBINANCE:BTCUSDT:1m'),
    });
  });

  it('CLI: exit 0 on a rename, 1 when the source is gone or the target exists, 2 without --venue/--symbol', async () => {
    const dir = copy('cli');
    const args = ['rename', 'BINANCE:BTCUSDT:1m', '--catalog', dir];
    expect(await cli(args)).toMatchObject({ code: 2 });
    await cli(['quality', 'BINANCE:BTCUSDT:1m', '--catalog', dir]); // exit 1: it has findings (gaps)
    const results = readFileSync(path.join(dir, 'quality/BINANCE~BTCUSDT~1m.json'));
    const ok = await cli([...args, '--venue', 'COINBASE', '--symbol', 'BTCUSD']);
    expect(ok).toMatchObject({ code: 0, stdout: 'renamed BINANCE:BTCUSDT:1m to COINBASE:BTCUSD:1m\n' });
    // The quality results follow the series: a later series of the old name never reuses them.
    expect(filesUnder(dir)).toEqual(NEW_FILES);
    expect(readFileSync(path.join(dir, 'quality/COINBASE~BTCUSD~1m.json'))).toEqual(results);
    expect(await cli([...args, '--venue', 'KRAKEN'])).toMatchObject({ code: 1 });
    const back = ['rename', 'COINBASE:BTCUSD:1m', '--catalog', dir];
    const c2 = await openCatalog(dir);
    await c2.write(OLD, batchFromBars(minuteBars(T0, 5, 50)), 'merge');
    await c2.close();
    const exists = await cli([...back, '--venue', 'BINANCE', '--symbol', 'BTCUSDT']);
    expect(exists).toMatchObject({
      code: 1,
      stderr: `barcat: series BINANCE:BTCUSDT:1m already exists in the catalog ${dir}; choose another venue or symbol\n`,
    });
  });

  // A SIGKILL at each step: the next open finishes the rename when the new manifest committed, and
  // undoes it otherwise.
  const stages: [string, 'old' | 'new'][] = [
    ['rename-journal-written', 'old'],
    ['rename-folder-moved', 'old'],
    ['manifest-temp-written', 'old'],
    ['rename-manifest-written', 'new'],
    ['rename-results-moved', 'new'],
    ['rename-old-manifest-removed', 'new'],
  ];
  for (const [stage, expected] of stages) {
    it(`killed at ${stage}: the ${expected} series, whole, after the next open`, async () => {
      const dir = copy(`crash-${stage}`);
      const r = spawnSync(
        'node',
        [CLI, 'rename', 'BINANCE:BTCUSDT:1m', '--venue', 'COINBASE', '--symbol', 'BTCUSD', '--catalog', dir],
        { env: { ...process.env, BARCAT_CRASH_AT: stage } },
      );
      expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
      const key = expected === 'old' ? OLD : NEW;
      const cat = await openCatalog(dir);
      expect((await cat.listSeries()).map((s) => s.id)).toEqual([
        expected === 'old' ? 'BINANCE:BTCUSDT:1m' : 'COINBASE:BTCUSD:1m',
      ]);
      expect(await cat.verify()).toEqual(healthyVerify(2));
      await cat.close();
      expect(await barsOf(dir, key)).toEqual(await barsOf(base, OLD));
      // The manifest temp the killed writer left is deleted by the sweep, and the deletion recorded.
      const swept = stage === 'manifest-temp-written';
      expect(filesUnder(dir)).toEqual([
        ...(swept ? ['audit/series-operations.jsonl'] : []),
        ...(expected === 'old' ? OLD_FILES : NEW_FILES),
      ]);
      if (swept)
        expect((await readOps(dir)).map((o) => [o.op, o.deleted])).toEqual([
          ['sweep', [expect.stringMatching(/^manifests\/\.COINBASE~BTCUSD~1m\.json\.\d+-\w+\.tmp$/)]],
        ]);
      // The results follow the series whichever side of the commit the crash fell on.
      const results = path.join(dir, 'quality', `${key.venue}~${key.symbol}~${key.timeframe}.json`);
      expect(readFileSync(results, 'utf8')).toBe(RESULTS);
    });
  }

  it('rebuild recovers a half-done rename too (no stale lock to trigger the sweep)', async () => {
    const dir = copy('crash-rebuild');
    const r = spawnSync(
      'node',
      [CLI, 'rename', 'BINANCE:BTCUSDT:1m', '--venue', 'COINBASE', '--symbol', 'BTCUSD', '--catalog', dir],
      { env: { ...process.env, BARCAT_CRASH_AT: 'rename-folder-moved' } },
    );
    expect(r.signal).toBe('SIGKILL');
    rmSync(path.join(dir, '.lock'));
    const cat = await openCatalog(dir);
    await cat.rebuild();
    expect((await cat.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
    await cat.close();
    expect(await barsOf(dir, OLD)).toEqual(await barsOf(base, OLD));
    expect(filesUnder(dir)).toEqual(OLD_FILES);
  });
});
