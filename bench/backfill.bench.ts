// Backfill against the stand-in Binance server in another process, limited to R requests/s:
// achieved request rate as a share of R (target >= 95%, no 429 caused by us) and CPU per 1,000 bars.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackfillService, shiftedClock } from '../src-main/engines/backfill/index';
import { openCatalog } from '../src-main/engines/catalog/index';
import { peakRssMb, recordBench } from './record';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RATE = Number(process.env.BENCH_BACKFILL_RATE ?? 50);
const REQUESTS = Number(process.env.BENCH_BACKFILL_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_BACKFILL_CONCURRENCY ?? 4);
const FLUSH = Number(process.env.BENCH_BACKFILL_FLUSH ?? 50_000);
const FROM = Date.UTC(2023, 0, 1);
const TO = FROM + REQUESTS * 1000 * 60_000;
const NOW = TO + 86_400_000;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'test/helpers/provider-server/standalone.ts'),
      JSON.stringify({ fixedNow: NOW, maxRequestsPerSecond: RATE, weightPerMinute: 1e9 }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: root },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const server = await startServer();
const dir = await mkdtemp(path.join(os.tmpdir(), 'barcat-bench-backfill-'));
try {
  const catalog = await openCatalog(dir, { create: true });
  const latencies: number[] = [];
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    const res = await fetch(input, init);
    latencies.push(performance.now() - t);
    return res;
  };
  const svc = createBackfillService({
    fetch: timedFetch,
    catalog,
    catalogDir: dir,
    getKey: async () => undefined,
    clock: shiftedClock(NOW),
    requestsPerSecond: RATE,
    concurrency: CONCURRENCY,
    flushBars: FLUSH,
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const job = await svc.wait(
    (
      await svc.start({
        series: 'BINANCE:BTCUSDT:1m',
        from: FROM,
        to: TO,
        provider: 'binance-spot',
        baseUrl: server.url,
      })
    ).id,
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const stats = (await (await fetch(`${server.url}/__stats`)).json()) as {
    requests: number;
    first: number;
    last: number;
    times: number[];
    rateLimited: number;
    banned: number;
  };
  // The first second may hold a full window at once; the rate after it is what the limit allows.
  const achieved = (stats.requests - RATE) / ((stats.last - stats.first) / 1000);
  // The sustained rate: R requests per (median time between a request and the one R later, i.e.
  // the same slot reused). The whole-run figure above also pays, once, for how long the first window
  // took to go out (4 lanes, each parsing its answer), which a long job spreads over hours.
  const t = stats.times;
  const reuse = t
    .slice(RATE)
    .map((at, i) => at - t[i]!)
    .sort((a, b) => a - b);
  const sustained = reuse.length ? (RATE * 1000) / reuse[Math.floor(reuse.length / 2)]! : achieved;
  const firstWindowMs = t.length > RATE ? t[RATE - 1]! - t[0]! : 0;
  let busiestSecond = 0;
  for (let i = 0, j = 0; i < stats.times.length; i++) {
    while (stats.times[j]! <= stats.times[i]! - 1000) j++;
    busiestSecond = Math.max(busiestSecond, i - j + 1);
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  recordBench('backfill', {
    serverLimitReqPerSec: RATE,
    concurrency: CONCURRENCY,
    requests: stats.requests,
    barsWritten: job.progress.barsWritten,
    jobState: job.state,
    achievedReqPerSec: Number(achieved.toFixed(2)),
    shareOfLimitPct: Number(((achieved / RATE) * 100).toFixed(1)),
    sustainedReqPerSec: Number(sustained.toFixed(2)),
    sustainedShareOfLimitPct: Number(((sustained / RATE) * 100).toFixed(1)),
    firstWindowSentInMs: Math.round(firstWindowMs),
    busiestTrailingSecond: busiestSecond,
    medianLatencyMs: Number(latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!.toFixed(1)),
    serverAnswered429: stats.rateLimited,
    serverAnswered418: stats.banned,
    clientRetries: job.summary?.retries ?? 0,
    wallSeconds: Number((wallMs / 1000).toFixed(2)),
    cpuMsPer1000Bars: Number(((cpuMs / job.progress.barsWritten) * 1000).toFixed(2)),
    peakRssMb: peakRssMb(),
  });
  await svc.close();
  await catalog.close();
} finally {
  server.stop();
  await rm(dir, { recursive: true, force: true });
}
