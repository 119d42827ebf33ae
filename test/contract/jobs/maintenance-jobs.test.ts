import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import type { CommandOutput, EventName, JobView } from '../../../src-shared/contract';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { jobEnded } from '../../helpers/job-end';
import { barsCsv, minuteBars, pausedWriter, T0, tempDirEach } from '../../main/catalog/helpers';

const BTC = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const ETH = { venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1m' } as const;
const BTC_DIR = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';
// T0 is one hour before a month boundary: 120 minutes make a January and a February partition.
const SPAN = { from: T0, to: T0 + 120 * MINUTE };

let dir: string;
const tmp = tempDirEach('barcat-maintenance-');
let catalogDir: string;
let core: Core | undefined;
let events: { name: EventName; payload: unknown }[];

async function startCore(): Promise<Core> {
  const c = await createCore({ catalogDir, dataDir: dir, create: false });
  c.events.subscribe((name, payload) => events.push({ name, payload }));
  return c;
}

async function call<T>(c: Core, name: string, input: unknown = {}): Promise<T> {
  const r = await c.dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

const finished = (c: Core, jobId: string): Promise<JobView> =>
  jobEnded(() => call<JobView[]>(c, 'listJobs'), jobId);

beforeEach(async () => {
  dir = tmp();
  catalogDir = path.join(dir, 'catalog');
  events = [];
  const cat = await openCatalog(catalogDir);
  await cat.write(BTC, batchFromBars(minuteBars(T0, 120)), 'merge');
  await cat.write(ETH, batchFromBars(minuteBars(T0, 120, 3000)), 'merge');
  await cat.close();
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  delete process.env.BARCAT_LOCK_WAIT_MS;
});

describe('Verify catalog as a job', () => {
  it('quarantines exactly the corrupt file with its reason, shows its range as a gap, and survives a restart', async () => {
    const file = path.join(catalogDir, BTC_DIR, '2024-02.v1.parquet');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(file, bytes);
    core = await startCore();

    const { jobId } = await call<CommandOutput<'startVerify'>>(core, 'startVerify');
    expect(jobId).toMatch(/^verify-/);
    const job = await finished(core, jobId);

    const reason = expect.stringMatching(
      /^checksum mismatch: manifest has sha256 [0-9a-f]{12}…, file has [0-9a-f]{12}…$/,
    );
    expect(job).toMatchObject({
      kind: 'verify',
      title: 'Verify catalog',
      state: 'done',
      done: 4,
      total: 4,
      unit: 'partitions',
      seriesIds: ['BINANCE:BTCUSDT:1m'],
      message:
        '3 of 4 partition files intact. 1 file moved to .quarantine (nothing deleted); the bars in it now show as gaps: backfill or re-import those ranges.',
    });
    expect(job.maintenance).toEqual({
      kind: 'verify',
      series: 2,
      partitionsChecked: 4,
      ok: 3,
      quarantined: [
        {
          series: 'BINANCE:BTCUSDT:1m',
          file: `${BTC_DIR}/2024-02.v1.parquet`,
          movedTo: `.quarantine/${BTC_DIR}/2024-02.v1.parquet`,
          reason,
          lostRange: { from: T0 + 60 * MINUTE, to: T0 + 120 * MINUTE },
          code: 'checksum-mismatch',
          period: '2024-02',
        },
      ],
      quarantinedTotal: 1,
      brokenManifests: [],
      manifestsWritten: 1,
      seriesChanged: ['BINANCE:BTCUSDT:1m'],
      stopped: false,
    });
    expect(job.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${BTC_DIR}/2024-02\\.v1\\.parquet: checksum mismatch: .* \\(moved to \\.quarantine/${BTC_DIR}/2024-02\\.v1\\.parquet\\)$`,
        ),
      ),
    ]);

    // Moved, never deleted, with a note saying why.
    const moved = path.join(catalogDir, '.quarantine', BTC_DIR, '2024-02.v1.parquet');
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(moved)).toEqual(bytes);
    expect(readFileSync(`${moved}.why.txt`, 'utf8')).toMatch(
      new RegExp(`^\\S+Z ${BTC_DIR}/2024-02\\.v1\\.parquet\\nreason: checksum mismatch: `),
    );

    const btc = await call<CommandOutput<'availability'>>(core, 'availability', {
      id: 'BINANCE:BTCUSDT:1m',
      range: SPAN,
    });
    expect(btc.gaps).toEqual([{ from: T0 + 60 * MINUTE, to: T0 + 120 * MINUTE, missingBars: 60 }]);
    const eth = await call<CommandOutput<'availability'>>(core, 'availability', {
      id: 'BINANCE:ETHUSDT:1m',
      range: SPAN,
    });
    expect(eth.gaps).toEqual([]);
    expect(events.filter((e) => e.name === 'seriesChanged').map((e) => e.payload)).toEqual([
      { ids: ['BINANCE:BTCUSDT:1m'] },
    ]);

    // The finished job, with its findings, is still listed after a restart.
    await core.close();
    core = await startCore();
    const again = (await call<JobView[]>(core, 'listJobs')).find((j) => j.id === jobId);
    expect(again).toEqual(job);
  });

  it('fails with the holder of the lock when another process is writing', async () => {
    process.env.BARCAT_LOCK_WAIT_MS = '300';
    core = await startCore();
    const csv = path.join(dir, 'more.csv');
    writeFileSync(csv, barsCsv(minuteBars(T0 + 120 * MINUTE, 10)));
    const writer = await pausedWriter(catalogDir, csv, 20_000);
    try {
      const lock = JSON.parse(readFileSync(path.join(catalogDir, '.lock'), 'utf8'));
      expect(lock.pid).toBe(writer.pid);
      const { jobId } = await call<CommandOutput<'startVerify'>>(core, 'startVerify');
      const job = await finished(core, jobId);
      expect(job.state).toBe('failed');
      expect(job.message).toBe(
        `catalog is being written by pid ${writer.pid} since ${new Date(lock.startedAt).toISOString()}; try again when that write finishes`,
      );
      expect(job.maintenance).toBeUndefined();
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('stops when cancelled and leaves every manifest in service', async () => {
    core = await startCore();
    const before = await call<CommandOutput<'listSeries'>>(core, 'listSeries');
    const { jobId } = await call<CommandOutput<'startVerify'>>(core, 'startVerify');
    expect(await call(core, 'cancelJob', { jobId })).toEqual({ cancelled: true });
    const job = await finished(core, jobId);
    expect(job.state).toBe('cancelled');
    expect(job.maintenance).toMatchObject({ stopped: true, quarantined: [], seriesChanged: [] });
    expect(await call(core, 'listSeries')).toEqual(before);
    // Nothing was left half done: a full verify afterwards finds every file in place.
    const second = await finished(core, (await call<{ jobId: string }>(core, 'startVerify')).jobId);
    expect(second.maintenance).toMatchObject({ partitionsChecked: 4, ok: 4, quarantined: [] });
  });
});

describe('Rebuild manifests as a job', () => {
  it("recreates a deleted manifest: the series' availability is what it was", async () => {
    core = await startCore();
    const before = await call<CommandOutput<'availability'>>(core, 'availability', {
      id: 'BINANCE:BTCUSDT:1m',
    });
    expect(before.lastWriteAt).not.toBeNull();
    rmSync(path.join(catalogDir, 'manifests/BINANCE~BTCUSDT~1m.json'));
    const lost = await core.dispatch('availability', { id: 'BINANCE:BTCUSDT:1m' });
    expect(lost).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const { jobId } = await call<CommandOutput<'startRebuild'>>(core, 'startRebuild');
    expect(jobId).toMatch(/^rebuild-/);
    const job = await finished(core, jobId);
    expect(job).toMatchObject({
      kind: 'rebuild',
      title: 'Rebuild manifests',
      state: 'done',
      done: 4,
      total: 4,
      message: '2 manifests rebuilt from 4 partition files; 1 series changed.',
    });
    expect(job.maintenance).toEqual({
      kind: 'rebuild',
      series: 2,
      partitionsChecked: 4,
      ok: 4,
      quarantined: [],
      quarantinedTotal: 0,
      brokenManifests: [],
      manifestsWritten: 2,
      seriesChanged: ['BINANCE:BTCUSDT:1m'],
      stopped: false,
    });
    // Everything but the time of the last write, which only the lost manifest knew.
    expect(await call(core, 'availability', { id: 'BINANCE:BTCUSDT:1m' })).toEqual({
      ...before,
      lastWriteAt: null,
    });
    expect(events.filter((e) => e.name === 'seriesChanged').map((e) => e.payload)).toEqual([
      { ids: ['BINANCE:BTCUSDT:1m'] },
    ]);
  });

  it('sets aside an older duplicate and an unreadable file, each with its reason code and period', async () => {
    const btc = path.join(catalogDir, BTC_DIR);
    // A generation-0 copy of February (a newer file holds it) and a "March" file that is no Parquet.
    writeFileSync(path.join(btc, '2024-02.v0.parquet'), readFileSync(path.join(btc, '2024-02.v1.parquet')));
    writeFileSync(path.join(btc, '2024-03.v1.parquet'), 'not parquet');
    core = await startCore();
    const { jobId } = await call<CommandOutput<'startRebuild'>>(core, 'startRebuild');
    const job = await finished(core, jobId);
    expect(job.maintenance?.quarantined.map((q) => [q.file, q.code, q.period, q.lostRange])).toEqual([
      [`${BTC_DIR}/2024-02.v0.parquet`, 'older-duplicate', '2024-02', null],
      [`${BTC_DIR}/2024-03.v1.parquet`, 'not-parquet', '2024-03', null],
    ]);
  });

  it('sets aside a corrupt bar manifest as bad-manifest, with its series and no period', async () => {
    writeFileSync(path.join(catalogDir, 'manifests/BINANCE~BTCUSDT~1m.json'), '{ not json');
    core = await startCore();
    const { jobId } = await call<CommandOutput<'startRebuild'>>(core, 'startRebuild');
    const job = await finished(core, jobId);
    expect(job.maintenance?.quarantined.map((q) => [q.series, q.file, q.code, q.period])).toStrictEqual([
      ['BINANCE:BTCUSDT:1m', 'manifests/BINANCE~BTCUSDT~1m.json', 'bad-manifest', undefined],
    ]);
  });
});
