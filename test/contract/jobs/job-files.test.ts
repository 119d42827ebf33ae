import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import type { JobView } from '../../../src-shared/contract';
import { jobEnded } from '../../helpers/job-end';
import { jobView } from '../../helpers/job-view';
import { type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { runCliCaptured } from '../../helpers/run-cli';
import { barsCsv, minuteBars, T0, tempDirEach } from '../../main/catalog/helpers';
import { callCore } from '../temp-core';

// Every job of every kind is one file in the catalog it belongs to: CATALOG/jobs/ID.json.
const HOUR = 3_600_000;
const GAP = { from: Date.UTC(2024, 2, 4), to: Date.UTC(2024, 2, 4) + 3 * HOUR };
const INTERRUPTED = 'interrupted: the app stopped while this job ran; start it again';

let dir: string;
const tmp = tempDirEach('barcat-job-files-');
let catalogA: string;
let catalogB: string;
let dataDir: string;
const cores: Core[] = [];
let server: ProviderServer;

beforeEach(async () => {
  dir = tmp();
  catalogA = path.join(dir, 'a');
  catalogB = path.join(dir, 'b');
  dataDir = path.join(dir, 'data');
  server = await startProviderServer();
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  await server.close();
});

async function start(catalogDir: string): Promise<Core> {
  const core = await createCore({ catalogDir, dataDir });
  cores.push(core);
  return core;
}

const finished = (core: Core, jobId: string): Promise<JobView> =>
  jobEnded(() => callCore(core, 'listJobs'), jobId);

const files = (catalogDir: string) => readdirSync(path.join(catalogDir, 'jobs')).sort();
const stored = (catalogDir: string, id: string) =>
  JSON.parse(readFileSync(path.join(catalogDir, 'jobs', `${id}.json`), 'utf8'));
const summary = (jobs: JobView[]) => jobs.map((j) => [j.kind, j.state]);

/** One job of each kind in `catalogDir`, each run to its end; their ids, newest first. */
async function oneOfEachKind(core: Core): Promise<string[]> {
  const csv = path.join(dir, 'bars.csv');
  writeFileSync(csv, barsCsv(minuteBars(T0, 120)));
  const ids: string[] = [];
  const run = async (jobId: string) => {
    ids.unshift(jobId);
    await finished(core, jobId);
  };
  await run(
    (
      await callCore(core, 'startImport', {
        files: [{ path: csv, overrides: { venue: 'TEST', symbol: 'AAA', timeframe: '1m' } }],
        mode: 'skip',
      })
    ).jobId,
  );
  await callCore(core, 'setSettings', { providers: { 'binance-spot': { baseUrl: server.url } } });
  await run(
    (
      await callCore(core, 'startBackfill', {
        id: 'BINANCE:BTCUSDT:1h',
        ranges: [GAP],
        provider: 'binance-spot',
      })
    ).jobId,
  );
  await callCore(core, 'loadSampleData');
  ids.unshift((await callCore(core, 'listJobs'))[0]!.id);
  await run((await callCore(core, 'startVerify')).jobId);
  await run((await callCore(core, 'startRebuild')).jobId);
  return ids;
}

describe('one job file per job, in the catalog it belongs to', () => {
  it('a job of each kind is one file; a restart on the same catalog lists them all as they ended', async () => {
    const core = await start(catalogA);
    const ids = await oneOfEachKind(core);
    const before = await callCore(core, 'listJobs');
    expect(summary(before)).toEqual([
      ['rebuild', 'done'],
      ['verify', 'done'],
      ['sample', 'done'],
      ['backfill', 'done'],
      ['import', 'done'],
    ]);
    expect(before.map((j) => j.id)).toEqual(ids);
    const backfill = ids[3]!;
    expect(files(catalogA)).toEqual([...ids.map((id) => `${id}.json`), `${backfill}.attempts.jsonl`].sort());
    for (const job of before) {
      const file = stored(catalogA, job.id);
      expect(Object.keys(file).sort()).toEqual(
        job.kind === 'backfill' ? ['ownerPid', 'resume', 'view'] : ['ownerPid', 'view'],
      );
      expect(file.ownerPid).toBeNull();
      expect(file.view).toMatchObject({ id: job.id, kind: job.kind, state: 'done', message: job.message });
    }
    expect(stored(catalogA, backfill).resume.request).toEqual({
      series: 'BINANCE:BTCUSDT:1h',
      ranges: [GAP],
      provider: 'binance-spot',
      baseUrl: server.url,
    });

    // A backfill file saved before the one format (the bare resumable state) is still read.
    const { resume, ownerPid } = stored(catalogA, backfill);
    writeFileSync(path.join(catalogA, 'jobs', `${backfill}.json`), JSON.stringify({ ...resume, ownerPid }));

    await core.close();
    cores.splice(0);
    const again = await start(catalogA);
    expect(await callCore(again, 'listJobs')).toEqual(before);
    // No history is kept outside the catalog any more.
    expect(existsSync(path.join(dataDir, 'jobs.json'))).toBe(false);
  });

  it('switching catalogs shows each catalog its own jobs', async () => {
    const core = await start(catalogA);
    const ids = await oneOfEachKind(core);
    await callCore(core, 'createCatalog', { dir: catalogB });
    expect(await callCore(core, 'listJobs')).toEqual([]);
    await callCore(core, 'loadSampleData');
    const inB = await callCore(core, 'listJobs');
    expect(summary(inB)).toEqual([['sample', 'done']]);
    expect(files(catalogB)).toEqual([`${inB[0]!.id}.json`]);
    await callCore(core, 'openCatalog', { dir: catalogA });
    expect((await callCore(core, 'listJobs')).map((j) => j.id)).toEqual(ids);
    await callCore(core, 'openCatalog', { dir: catalogB });
    expect((await callCore(core, 'listJobs')).map((j) => j.id)).toEqual([inB[0]!.id]);
  });

  it('barcat jobs lists every kind the app ran in the catalog', async () => {
    const core = await start(catalogA);
    const ids = await oneOfEachKind(core);
    const out = await cli(['jobs', '--json', '--catalog', catalogA]);
    expect(out.code).toBe(0);
    const listed: JobView[] = JSON.parse(out.stdout);
    expect(listed).toEqual(await callCore(core, 'listJobs'));
    expect(listed.map((j) => j.id)).toEqual(ids);
    const refused = await cli(['jobs', 'cancel', ids[0]!, '--catalog', catalogA]);
    expect(refused).toMatchObject({
      code: 2,
      stderr: `barcat: Rebuild manifests (${ids[0]}) runs in the app; cancel it in the app's Jobs panel\n`,
    });
  });
});

describe('jobs from before and jobs cut short', () => {
  it('an old dataDir/jobs.json moves once into the catalog open at the time, then is left renamed', async () => {
    const old: JobView[] = [
      view('import-old-2', 'import', 'running', 2_000),
      view('verify-old-1', 'verify', 'done', 1_000),
    ];
    const legacy = path.join(dataDir, 'jobs.json');
    mkdirSync(dataDir);
    writeFileSync(legacy, JSON.stringify(old));
    const core = await start(catalogA);
    expect(await callCore(core, 'listJobs')).toEqual([
      { ...old[0], state: 'failed', message: INTERRUPTED },
      old[1],
    ]);
    expect(files(catalogA)).toEqual(['import-old-2.json', 'verify-old-1.json']);
    expect(existsSync(legacy)).toBe(false);
    expect(JSON.parse(readFileSync(`${legacy}.migrated`, 'utf8'))).toEqual(old);
    // Read once: another catalog opened later does not get them too.
    await callCore(core, 'createCatalog', { dir: catalogB });
    expect(await callCore(core, 'listJobs')).toEqual([]);
    expect(existsSync(path.join(catalogB, 'jobs'))).toBe(false);
  });

  it('an import running when its process was killed comes back as interrupted', async () => {
    const csv = path.join(dir, 'crash.csv');
    writeFileSync(csv, barsCsv(minuteBars(T0, 5_000)));
    await start(catalogA).then((c) => c.close());
    cores.splice(0);
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '../../helpers/crash-import.ts'), catalogA, csv],
      { encoding: 'utf8' },
    );
    expect([child.signal, child.stderr]).toEqual(['SIGKILL', '']);
    const [name] = files(catalogA);
    const id = name!.slice(0, -'.json'.length);
    expect(stored(catalogA, id)).toMatchObject({
      ownerPid: child.pid,
      view: { kind: 'import', state: 'running' },
    });

    const core = await start(catalogA);
    expect(await callCore(core, 'listJobs')).toEqual([
      { ...stored(catalogA, id).view, state: 'failed', message: INTERRUPTED },
    ]);
    // Saved as interrupted: the dead process's id may be reused by a live one.
    expect(stored(catalogA, id)).toMatchObject({
      ownerPid: null,
      view: { state: 'failed', message: INTERRUPTED },
    });
  });
});

function view(id: string, kind: JobView['kind'], state: JobView['state'], createdAt: number): JobView {
  return jobView({
    id,
    kind,
    title: `${kind} job`,
    state,
    createdAt,
    finishedAt: state === 'running' ? null : createdAt + 10,
    done: 1,
    total: 2,
    unit: 'rows',
  });
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(args, { env: { BARCAT_BACKFILL_IN_PROCESS: '1' } });
}
