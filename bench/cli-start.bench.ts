// CLI start bench: `barcat list`, `gaps` and `query` of one day as whole processes (target < 150 ms
// each; the query of the year as a figure), next to `node -e ''` (Node's own start) and `--help`.
// Each figure is the median wall time of N runs with the CPU time (user + sys, from /usr/bin/time)
// of those runs beside it, and the load average with them: on a shared machine wall time follows
// the load. When NODE_EXTRA_CA_CERTS is set (this VM sets it), Node parses that bundle at every
// start (~45 ms of CPU before any of Barcat's code runs), so the commands are also timed without
// it, as on a default install.
// BENCH_BASELINE_CLI=/path/to/other/out/node/barcat.js times another build beside this one, run by
// run (a before/after of a change at the same load).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalog } from '../src-main/engines/catalog/index';
import { medianRun, type ProcessRun, timeProcess } from './process-time';
import { type Figures, recordBench } from './record';
import { yearOfMinutes } from './year-bars';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET_MS = 150;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out/node/barcat.js');
// Another build's out/node/barcat.js (e.g. of the previous commit) to time beside this one, alternated.
const BASELINE = process.env.BENCH_BASELINE_CLI;

/**
 * Median wall and CPU time of RUNS processes per command line (median, not fastest: one lucky run
 * sets no figure). Several command lines are run in turn, run by run, so a change of load hits all.
 */
function timed(variants: string[][], env: NodeJS.ProcessEnv): ProcessRun[] {
  const runs = variants.map(() => [] as ProcessRun[]);
  for (let i = 0; i < RUNS; i++)
    for (const [v, args] of variants.entries()) runs[v]!.push(timeProcess(args, [0], env));
  return runs.map(medianRun);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'barcat-cli-start-'));
try {
  const dir = path.join(tmp, 'cat');
  const cat = await openCatalog(dir, {});
  await cat.write(
    { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
    yearOfMinutes(525_600, Date.UTC(2023, 0, 1)),
    'merge',
  );
  await cat.close();
  const load = os.loadavg()[0]!.toFixed(2);
  const cases: [string, string[], boolean][] = [
    ["node -e ''", ['-e', ''], false],
    ['barcat --help', [cli, '--help'], false],
    ['barcat list --json', [cli, 'list', '--json', '--catalog', dir], true],
    ['barcat gaps (a year of 1m)', [cli, 'gaps', 'BINANCE:BTCUSDT:1m', '--catalog', dir], true],
    [
      'barcat query of one day (csv)',
      [cli, 'query', 'BINANCE:BTCUSDT:1m', '--from', '2023-03-01', '--to', '2023-03-02', '--catalog', dir],
      true,
    ],
    // A figure, no target: a read over JS_READ_MAX_ROWS goes through the catalog's reader (no decode
    // worker: query.ts) even in a one-shot process.
    [
      'barcat query of the year (csv to /dev/null)',
      [cli, 'query', 'BINANCE:BTCUSDT:1m', '--format', 'csv', '--out', '/dev/null', '--catalog', dir],
      false,
    ],
  ];
  const figures: Figures = { 'load average at start (2 cores)': load, 'runs (median kept)': RUNS };
  const { NODE_EXTRA_CA_CERTS, ...defaultEnv } = process.env;
  const envs: [string, NodeJS.ProcessEnv][] = [['', process.env]];
  if (NODE_EXTRA_CA_CERTS) envs.push([' without NODE_EXTRA_CA_CERTS', defaultEnv]);
  for (const [suffix, env] of envs)
    for (const [name, args, targeted] of cases) {
      const withBaseline = BASELINE && args[0] === cli;
      const [f, b] = timed(withBaseline ? [args, [BASELINE, ...args.slice(1)]] : [args], env);
      figures[`${name}${suffix} ms${targeted ? ` (target < ${TARGET_MS})` : ''}`] = f!.wallMs;
      figures[`${name}${suffix} CPU ms`] = f!.cpuMs;
      if (b) {
        figures[`${name}${suffix}, baseline bundle ms`] = b.wallMs;
        figures[`${name}${suffix}, baseline bundle CPU ms`] = b.cpuMs;
      }
    }
  figures['load average at end'] = os.loadavg()[0]!.toFixed(2);
  recordBench('cli-start', figures);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
