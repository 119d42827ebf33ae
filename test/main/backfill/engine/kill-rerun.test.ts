import { describe, expect, it } from 'vitest';
import { JobStore } from '../../../../src-main/engines/backfill/jobs/job-store';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { intersectIntervals } from '../../../../src-shared/time/intervals';
import { expectedBars } from '../../../helpers/provider-server/index';
import { spawnCli } from '../cli-io';
import { catalogRows, DAY, HOUR, MIN, ohlcv, serverAndCatalog, T0 } from '../helpers';

const KEY = parseSeriesId('BINANCE:BTCUSDT:1m');
const FROM = T0;
const TO = T0 + 60 * DAY; // 86,400 bars, 87 requests
const NOW = TO + DAY;
const HOLE = { from: T0 + 20 * DAY, to: T0 + 20 * DAY + 2 * HOUR };

/** `barcat backfill` of KEY from binance-spot over [from, to) through the stand-in into the catalog. */
function backfillArgs(from: number, to: number, baseUrl: string, catalogDir: string, extra: string[] = []) {
  const range = ['--from', new Date(from).toISOString(), '--to', new Date(to).toISOString()];
  return [
    'backfill',
    'BINANCE:BTCUSDT:1m',
    '--provider',
    'binance-spot',
    ...range,
    '--base-url',
    baseUrl,
    ...extra,
    '--catalog',
    catalogDir,
  ];
}

describe('a backfill killed midway and run again', () => {
  const f = serverAndCatalog(NOW, { holes: [HOLE] });

  it('resumes the same job, re-fetches nothing already written, and ends with the full catalog', async () => {
    const args = backfillArgs(FROM, TO, f.server.url, f.cat.dir, ['--rate', '25']);
    const env = { BARCAT_NOW: String(NOW) };
    const first = spawnCli(args, env);
    // Kill once the job file says a batch (50,000 bars) is written; more requests are under way.
    const store = new JobStore(f.cat.dir);
    for (;;) {
      if (first.child.exitCode !== null) throw new Error(`backfill ended before the kill: ${first.output()}`);
      const [s] = await store.list();
      if ((s?.job.progress.barsWritten ?? 0) >= 50_000) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const [interrupted] = await new JobStore(f.cat.dir).list();
    expect(interrupted!.job.state).toBe('running');
    const writtenBeforeKill = interrupted!.job.progress.barsWritten;
    expect(writtenBeforeKill).toBeGreaterThanOrEqual(50_000);

    const seenBefore = f.server.requests.length;
    const second = spawnCli(args, env);
    expect(await second.exited).toBe(0);
    const rerunStarts = f.server.requests.slice(seenBefore).map((r) => Number(r.query.startTime));
    // Nothing before the end of what was written is asked for again.
    expect(Math.min(...rerunStarts)).toBeGreaterThanOrEqual(FROM + writtenBeforeKill * MIN);

    const jobs = await new JobStore(f.cat.dir).list();
    expect(jobs.map((s) => [s.job.id, s.job.state])).toEqual([[interrupted!.job.id, 'done']]);
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(
      ohlcv(expectedBars(f.server.spec, 'BTCUSDT', MIN, FROM, TO, NOW)),
    );
    const a = await f.cat.catalog.availability(KEY, { range: { from: FROM, to: TO } });
    expect(a.gaps).toEqual([]);
    expect(a.checkedEmpty.map(({ from, to }) => ({ from, to }))).toEqual([HOLE]);
  });
});

describe('a backfill killed at each step of a write and run again', () => {
  const from = T0;
  const to = T0 + 4000 * MIN; // four requests of 1000 bars, each written on its own
  const now = T0 + 10 * DAY;
  const hole = { from: T0 + 2500 * MIN, to: T0 + 2560 * MIN };
  const f = serverAndCatalog(now, { holes: [hole] });

  // The second time each step is reached: the first batch is committed by then.
  it.each([
    ['backfill-fetched#2', 'an answer fetched, not yet written'],
    ['partition-temp-written#2', 'mid-write: the new partition file not yet in place'],
    ['before-manifest#2', 'mid-write: the partition in place, the manifest not yet committed'],
    ['after-manifest#2', 'the manifest committed, the replaced file not yet deleted'],
    ['backfill-written#2', 'written, the job file not yet saved'],
  ])(
    'killed at %s (%s): the catalog stays consistent, the rerun fetches only what is missing',
    async (stage) => {
      const args = backfillArgs(from, to, f.server.url, f.cat.dir);
      const env = { BARCAT_NOW: String(now), BARCAT_FLUSH_BARS: '1000' };
      const first = spawnCli(args, { ...env, BARCAT_CRASH_AT: stage });
      await first.exited;
      expect(first.child.signalCode, first.output()).toBe('SIGKILL');

      // Consistent after the kill: every file checks out, every bar stored is the source's bar.
      const after = await openCatalog(f.cat.dir);
      const report = await after.verify();
      expect(report.quarantined).toEqual([]);
      expect(report.brokenManifests ?? []).toEqual([]);
      const expected = ohlcv(expectedBars(f.server.spec, 'BTCUSDT', MIN, from, to, now));
      const byTs = new Map(expected.map((b) => [b.ts, b]));
      // Killed before the first write was committed, the series may not exist yet.
      const kept = (await after.listSeries()).length ? await catalogRows(after, KEY) : [];
      for (const b of kept) expect(b).toEqual(byTs.get(b.ts));
      const coveredAtKill = (await after.availability(KEY, { range: { from, to } })).covered;
      await after.close();

      const seenBefore = f.server.requests.length;
      const second = spawnCli(args, env);
      expect(await second.exited, second.output()).toBe(0);
      const asked = f.server.requests
        .slice(seenBefore)
        .map((r) => ({ from: Number(r.query.startTime), to: Number(r.query.endTime) + 1 }));
      // Nothing already in the catalog is fetched again.
      expect(intersectIntervals(asked, coveredAtKill)).toEqual([]);
      const jobs = await new JobStore(f.cat.dir).list();
      expect(jobs.map((j) => j.job.state)).toEqual(['done']);
      expect(await catalogRows(f.cat.catalog, KEY)).toEqual(expected);
      const a = await f.cat.catalog.availability(KEY, { range: { from, to } });
      expect(a.gaps).toEqual([]);
      expect(a.checkedEmpty.map(({ from, to }) => ({ from, to }))).toEqual([hole]);
    },
  );
});
