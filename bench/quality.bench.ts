// All quality checks over 10 years of 1-minute bars of one series (target < 1 s): the production
// path (refreshQuality as the app and `barcat quality` call it: partitions read and checked in
// pieces by the quality worker threads, each decoding its own partitions straight into columns) on
// a real catalog of a 24x7 series (5.26 M bars) with a few planted defects. Printed, wall and CPU
// (every thread of the process) each: cold (first run of the process: workers start; then the
// median of three more with no stored results and a newly opened catalog, so no read cache either),
// warm (stored results current: nothing read), incremental (a write to one month, then the refresh
// the app runs after it, decodes counted by the read cache), the checks alone in memory (also over a
// US stock under xnys, 0.98 M bars), and DuckDB reading the same partition files for a window over
// log returns (a rolling 720-bar sigma) plus the impossible and zero-volume counts, in the same run.
// The cold run is repeated on the same bars in a catalog made with lz4 instead of zstd. First of all,
// `barcat quality SERIES` is timed as a whole process (the built CLI, out/node, as a user runs it
// from a shell: Node starts, workers start, every file is hashed and decoded; no stored results),
// wall and CPU of the process with its threads, the median of BENCH_QUALITY_CLI_RUNS (default 5);
// BENCH_BASELINE_CLI=/path/to/other/out/node/barcat.js times another build beside it, run by run.
// Then the same process with its results stored (printed as stored: cliStored*) and with --refresh
// (recomputed: cliRefresh*). BENCH_QUALITY_YEARS=N shrinks it for a smoke run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { findCalendar } from '../src-main/engines/calendars/index';
import { type BarBatch, openCatalog, seriesPartitionFiles } from '../src-main/engines/catalog/index';
import { DEFAULT_SETTINGS, refreshQuality, runChecks } from '../src-main/engines/quality/index';
import { grid, walk } from '../test/main/quality/synthetic';
import { medianRun, type ProcessRun, timeProcess } from './process-time';
import { machineFigures, median, recordBench, timed } from './record';

const MIN = 60_000;
const YEARS = Number(process.env.BENCH_QUALITY_YEARS ?? 10);
const range = { from: Date.UTC(2015, 0, 1), to: Date.UTC(2015 + YEARS, 0, 1) };
const KEY = { venue: 'BENCH', symbol: 'TENY', timeframe: '1m' } as const;
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out/node/barcat.js');
const CLI_RUNS = Number(process.env.BENCH_QUALITY_CLI_RUNS ?? 5);
// Another build's out/node/barcat.js (e.g. of the previous commit) to time beside this one, alternated.
const BASELINE_CLI = process.env.BENCH_BASELINE_CLI;

/** The tests' random walk on the given minutes, with a wick every 100,000 bars. */
function series(times: readonly number[]): BarBatch {
  const b = walk(times, 12345);
  for (let i = 50_000; i < b.length; i += 100_000) b.low[i] = b.low[i]! * 0.9;
  return b;
}

function monthStarts(): number[] {
  const out: number[] = [];
  for (let y = 2015; y < 2015 + YEARS; y++) for (let m = 0; m < 12; m++) out.push(Date.UTC(y, m, 1));
  return out;
}

/** Three runs after a first one: the first and the median of the rest. */
async function runs<T>(fn: () => Promise<T> | T) {
  const first = await timed(fn);
  const rest = [await timed(fn), await timed(fn), await timed(fn)];
  return {
    first,
    wall: median(rest.map((r) => r.wall)),
    cpu: median(rest.map((r) => r.cpu)),
    value: first.value,
  };
}

function inMemory(b: BarBatch, calendar: string, cls: 'crypto' | 'equity') {
  const ctx = {
    timeframe: '1m' as const,
    calendar: findCalendar(calendar)!,
    settings: DEFAULT_SETTINGS[cls],
    segments: monthStarts(),
  };
  return runs(() => runChecks(b, ctx));
}

/** Cold as `barcat quality` meets it: a newly opened catalog (empty read cache), no stored results. */
async function cold(dir: string) {
  rmSync(path.join(dir, 'quality'), { recursive: true, force: true });
  const catalog = await openCatalog(dir, { create: false });
  try {
    return await refreshQuality(catalog, KEY);
  } finally {
    await catalog.close();
  }
}

/**
 * `barcat quality BENCH:TENY:1m` as whole processes, each cold (stored results removed first): the
 * median of CLI_RUNS, with the load average before and after. Exit 1 is its answer (open findings).
 * With BASELINE_CLI, that build runs beside this one, run by run (its own workers: BARCAT_WORKER_DIR).
 */
function cliProcess(dir: string) {
  const load = os.loadavg()[0]!;
  const builds: [string, NodeJS.ProcessEnv][] = [[CLI, process.env]];
  if (BASELINE_CLI)
    builds.push([
      BASELINE_CLI,
      { ...process.env, BARCAT_WORKER_DIR: path.join(path.dirname(BASELINE_CLI), 'workers') },
    ]);
  const runs = builds.map(() => [] as ProcessRun[]);
  const args = (cli: string, ...more: string[]) => [
    cli,
    'quality',
    'BENCH:TENY:1m',
    '--catalog',
    dir,
    ...more,
  ];
  for (let i = 0; i < CLI_RUNS; i++)
    for (const [b, [cli, env]] of builds.entries()) {
      rmSync(path.join(dir, 'quality'), { recursive: true, force: true });
      runs[b]!.push(timeProcess(args(cli), [0, 1], env));
    }
  // This build with the results stored: printed as stored, and recomputed when asked (--refresh).
  const stored: ProcessRun[] = [];
  const refresh: ProcessRun[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    stored.push(timeProcess(args(CLI), [0, 1]));
    refresh.push(timeProcess(args(CLI, '--refresh'), [0, 1]));
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  const [current, baseline] = runs.map(medianRun);
  return {
    ...current!,
    baseline,
    stored: medianRun(stored),
    refresh: medianRun(refresh),
    loadBefore: round(load),
    loadAfter: round(os.loadavg()[0]!),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-quality-bench-'));
  try {
    const crypto = series(grid(range.from, (range.to - range.from) / MIN, MIN));
    const writer = await openCatalog(dir);
    const write = await timed(() => writer.write(KEY, crypto, 'merge'));
    await writer.close();

    const cli = cliProcess(dir);
    const production = await runs(() => cold(dir));
    const report = production.value;

    // Warm and incremental as the app meets them: one open catalog, results stored.
    const app = await openCatalog(dir, { create: false });
    const warm = await runs(() => refreshQuality(app, KEY));
    // The first day of a month in the middle of the series rewritten (another walk from the same
    // close) and refreshed, twice: first with an empty read cache (the full runs decoded in workers),
    // then after a second write to that day.
    const month = Date.UTC(2015 + Math.floor(YEARS / 2), 5, 1);
    const rewrite = (seed: number) => {
      const b = walk(grid(month, 1440), seed, crypto.close[(month - range.from) / MIN - 1]!);
      return app.write(KEY, b, 'merge');
    };
    const incremental = async (seed: number) => {
      await rewrite(seed);
      const misses = app.readCache.misses;
      const r = await timed(() => refreshQuality(app, KEY));
      return { ...r, decoded: app.readCache.misses - misses };
    };
    const inc1 = await incremental(1);
    const inc2 = await incremental(2);
    await app.close();

    // The same bars in a catalog made with lz4 (a per-catalog choice): how much of the cold run is zstd.
    const lz4Dir = path.join(dir, 'lz4');
    const lz4Writer = await openCatalog(lz4Dir, { compression: 'lz4' });
    await lz4Writer.write(KEY, crypto, 'merge');
    await lz4Writer.close();
    const lz4 = await runs(() => cold(lz4Dir));

    const memCrypto = await inMemory(crypto, '24x7', 'crypto');
    const minutes: number[] = [];
    for (const s of findCalendar('xnys')!.sessions(range, '1m'))
      for (let t = s.from; t < s.to; t += MIN) minutes.push(t);
    const memEquity = await inMemory(series(minutes), 'xnys', 'equity');

    // DuckDB over the same committed partition files: a rolling sigma of log returns (a window over
    // the whole series) and two of the checks, as one SQL query.
    const files = await seriesPartitionFiles(dir, KEY);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const sql = `WITH r AS (
        SELECT *, ln(close / lag(close) OVER (ORDER BY ts)) AS lr
        FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])
      ), s AS (
        SELECT *, stddev_samp(lr) OVER (ORDER BY ts ROWS BETWEEN 720 PRECEDING AND 1 PRECEDING) AS sd FROM r
      )
      SELECT count(*) AS bars,
        count(*) FILTER (WHERE abs(lr) > 15 * sd) AS big_moves,
        count(*) FILTER (WHERE isnan(open) OR isnan(high) OR isnan(low) OR isnan(close) OR isnan(volume)
          OR NOT (open > 0 AND high > 0 AND low > 0 AND close > 0)
          OR high < greatest(open, close) OR low > least(open, close) OR volume < 0) AS impossible,
        count(*) FILTER (WHERE volume = 0) AS zero_volume
      FROM s`;
    const duck = await runs(async () => (await conn.runAndReadAll(sql)).getRowObjectsJson()[0]!);
    conn.closeSync();
    const impossibleFound = report.findings.filter((f) => f.check === 'impossible').length;

    recordBench('quality', {
      years: YEARS,
      bars: crypto.length,
      writeSec: Math.round(write.wall / 100) / 10,
      partitions: report.partitionsTotal,
      partitionsRead: report.partitionsRead,
      findings: report.findings.length,
      cliProcessWallMs: cli.wallMs,
      cliProcessCpuMs: cli.cpuMs,
      cliProcessTargetMs: 1000,
      cliProcessRuns: CLI_RUNS,
      cliProcessLoadBefore: cli.loadBefore,
      cliProcessLoadAfter: cli.loadAfter,
      cliExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS !== undefined,
      ...(cli.baseline
        ? { cliBaselineWallMs: cli.baseline.wallMs, cliBaselineCpuMs: cli.baseline.cpuMs }
        : {}),
      cliStoredWallMs: cli.stored.wallMs,
      cliStoredCpuMs: cli.stored.cpuMs,
      cliRefreshWallMs: cli.refresh.wallMs,
      cliRefreshCpuMs: cli.refresh.cpuMs,
      productionColdFirstWallMs: production.first.wall,
      productionColdFirstCpuMs: production.first.cpu,
      productionColdWallMs: production.wall,
      productionColdCpuMs: production.cpu,
      lz4ColdWallMs: lz4.wall,
      lz4ColdCpuMs: lz4.cpu,
      lz4Findings: lz4.value.findings.length,
      warmWallMs: warm.wall,
      warmCpuMs: warm.cpu,
      warmPartitionsRead: warm.value.partitionsRead,
      incrementalWallMs: inc1.wall,
      incrementalCpuMs: inc1.cpu,
      incrementalPartitionsRecomputed: inc1.value.partitionsRecomputed,
      incrementalPartitionsRead: inc1.value.partitionsRead,
      incrementalPartitionsDecoded: inc1.decoded,
      incrementalAgainWallMs: inc2.wall,
      incrementalAgainCpuMs: inc2.cpu,
      incrementalAgainPartitionsDecoded: inc2.decoded,
      checksInMemoryWallMs: memCrypto.wall,
      checksInMemoryCpuMs: memCrypto.cpu,
      equityXnysBars: minutes.length,
      equityXnysInMemoryWallMs: memEquity.wall,
      equityXnysFindings: memEquity.value.length,
      duckdbWindowWallMs: duck.wall,
      duckdbWindowCpuMs: duck.cpu,
      duckdbFirstWallMs: duck.first.wall,
      duckdbFirstCpuMs: duck.first.cpu,
      duckdbBars: Number(duck.value.bars),
      duckdbBigMoves: Number(duck.value.big_moves),
      duckdbImpossible: Number(duck.value.impossible),
      duckdbZeroVolume: Number(duck.value.zero_volume),
      impossibleFindings: impossibleFound,
      targetMs: 1000,
      pass: production.wall < 1000,
      ...machineFigures(),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
