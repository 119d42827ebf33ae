import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobStore } from '../../../src-main/backfill/job-store';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { expectedBars, type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { catalogRows, DAY, HOUR, MIN, ohlcv, T0, tempCatalog } from './helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(repo, 'out/node/barcat.js');
const KEY = parseSeriesId('BINANCE:BTCUSDT:1m');
const FROM = T0;
const TO = T0 + 60 * DAY; // 86,400 bars, 87 requests
const NOW = TO + DAY;
const HOLE = { from: T0 + 20 * DAY, to: T0 + 20 * DAY + 2 * HOUR };

function runCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe('a backfill killed midway and run again', () => {
  let server: ProviderServer;
  let cat: Awaited<ReturnType<typeof tempCatalog>>;
  beforeEach(async () => {
    server = await startProviderServer({ now: () => NOW, holes: [HOLE] });
    cat = await tempCatalog();
  });
  afterEach(async () => {
    await server.close();
    await cat.cleanup();
  });

  it('resumes the same job, re-fetches nothing already written, and ends with the full catalog', async () => {
    const args = [
      'backfill',
      'BINANCE:BTCUSDT:1m',
      '--provider',
      'binance-spot',
      '--from',
      new Date(FROM).toISOString(),
      '--to',
      new Date(TO).toISOString(),
      '--base-url',
      server.url,
      '--rate',
      '25',
      '--catalog',
      cat.dir,
    ];
    const env = { BARCAT_NOW: String(NOW) };
    const first = runCli(args, env);
    // Kill once the job file says a batch (50,000 bars) is written; more requests are under way.
    const store = new JobStore(cat.dir);
    for (;;) {
      if (first.child.exitCode !== null) throw new Error(`backfill ended before the kill: ${first.output()}`);
      const [s] = await store.list();
      if ((s?.job.progress.barsWritten ?? 0) >= 50_000) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const [interrupted] = await new JobStore(cat.dir).list();
    expect(interrupted!.job.state).toBe('running');
    const writtenBeforeKill = interrupted!.job.progress.barsWritten;
    expect(writtenBeforeKill).toBeGreaterThanOrEqual(50_000);

    const seenBefore = server.requests.length;
    const second = runCli(args, env);
    expect(await second.exited).toBe(0);
    const rerunStarts = server.requests.slice(seenBefore).map((r) => Number(r.query.startTime));
    // Nothing before the end of what was written is asked for again.
    expect(Math.min(...rerunStarts)).toBeGreaterThanOrEqual(FROM + writtenBeforeKill * MIN);

    const jobs = await new JobStore(cat.dir).list();
    expect(jobs.map((s) => [s.job.id, s.job.state])).toEqual([[interrupted!.job.id, 'done']]);
    expect(await catalogRows(cat.catalog, KEY)).toEqual(
      ohlcv(expectedBars(server.spec, 'BTCUSDT', MIN, FROM, TO, NOW)),
    );
    const a = await cat.catalog.availability(KEY, { range: { from: FROM, to: TO } });
    expect(a.gaps).toEqual([]);
    expect(a.checkedEmpty.map(({ from, to }) => ({ from, to }))).toEqual([HOLE]);
  });
});
