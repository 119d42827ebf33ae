// Cold read bench: a year of 1-minute bars (zstd catalog) read in full into Arrow with the files out
// of the OS page cache (dropped through /proc/sys/vm/drop_caches when writable: root, as on CI) and
// nothing decoded in the process yet, next to DuckDB reading the same files the same way. Each run is
// a fresh process per reader, so no run warms the next. Two figures per reader:
// - "cold read": the process has already read another series (three months: enough rows that its
//   decode workers are started, as in an app that has shown charts before), then the page cache is
//   dropped and the year is read: the target < 100.
// - "first read of a process": no warm-up at all, so parquet-wasm compiles the decode path lazily
//   during it (what a one-shot CLI process pays).
// - "cold read, settled process": the other series read three times, then a second of idle (the
//   decode workers started, V8 done compiling parquet-wasm's hot code in the background), as in an
//   app that has drawn charts a while ago: only the files are cold. Where "cold read" is above it,
//   the difference is V8 still compiling (docs/performance.md, "Cold reads").
// Median of RUNS runs, with the load average: the machine may be shared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadParquetLibs, openCatalog } from '../src-main/engines/catalog/index';
import { type Figures, median, recordBench } from './record';
import { yearOfMinutes } from './year-bars';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROWS = 525_600;
const YEAR = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const OTHER = { venue: 'BINANCE', symbol: 'ETHUSDT', timeframe: '1m' } as const;
const self = fileURLToPath(import.meta.url);

/** Drops the OS page cache; false when this process may not (not root, or a read-only /proc). */
function dropPageCache(): boolean {
  try {
    spawnSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}

const yearGlob = (dir: string, symbol: string) => `${dir}/bars/venue=BINANCE/symbol=${symbol}/**/*.parquet`;

type Warmth = 'warm' | 'first' | 'settled';

/** One reader in this (fresh) process: prints {ms, dropped} of its timed full read of the year. */
async function child(reader: string, dir: string, warmth: Warmth): Promise<void> {
  let read: () => Promise<number>;
  let warmUp: () => Promise<unknown>;
  if (reader === 'barcat') {
    await loadParquetLibs();
    const cat = await openCatalog(dir, { readCacheMb: 0 });
    warmUp = () => cat.query(OTHER, undefined);
    read = async () => (await cat.query(YEAR, undefined)).numRows;
  } else {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const sql = (symbol: string) =>
      `SELECT * FROM read_parquet('${yearGlob(dir, symbol)}', hive_partitioning=true)`;
    warmUp = () => conn.runAndReadAll(sql('ETHUSDT'));
    read = async () => (await conn.runAndReadAll(sql('BTCUSDT'))).currentRowCount;
  }
  for (let i = 0; i < (warmth === 'settled' ? 3 : warmth === 'warm' ? 1 : 0); i++) await warmUp();
  if (warmth === 'settled') await new Promise((r) => setTimeout(r, 1000));
  const dropped = dropPageCache();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const rows = await read();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  if (rows !== ROWS) throw new Error(`${reader} read ${rows} rows`);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, dropped })}\n`);
}

interface ChildRead {
  ms: number;
  /** CPU of the whole process (all threads) during the read: less bound to the load than wall time. */
  cpuMs: number;
  dropped: boolean;
}

function runChild(reader: string, dir: string, warmth: Warmth): ChildRead {
  const r = spawnSync(process.execPath, [...process.execArgv, self, 'child', reader, dir, warmth], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${reader} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildRead;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'barcat-cold-read-'));
  try {
    const dir = path.join(tmp, 'cat');
    const cat = await openCatalog(dir, { compression: 'zstd' });
    await cat.write(YEAR, yearOfMinutes(ROWS, Date.UTC(2023, 0, 1)), 'merge');
    await cat.write(OTHER, yearOfMinutes(ROWS / 4, Date.UTC(2023, 0, 1)), 'merge');
    await cat.close();
    const figures: Figures = {
      'load average at start (2 cores)': os.loadavg()[0]!.toFixed(2),
      'runs (median kept)': RUNS,
    };
    let dropped = true;
    for (const [warmth, label] of [
      ['warm', 'cold read'],
      ['first', 'first read of a process'],
      ['settled', 'cold read, settled process'],
    ] as const) {
      const ours: ChildRead[] = [];
      const duck: ChildRead[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternated, so a burst of load on the shared machine hits both readers alike.
        const a = runChild('barcat', dir, warmth);
        const b = runChild('duckdb', dir, warmth);
        ours.push(a);
        duck.push(b);
        dropped &&= a.dropped && b.dropped;
      }
      const o = median(ours.map((x) => x.ms));
      const d = median(duck.map((x) => x.ms));
      figures[`zstd year ${label} ms${warmth === 'first' ? '' : ' (target < 100)'}`] = Math.round(o);
      figures[`zstd year ${label} CPU ms`] = Math.round(median(ours.map((x) => x.cpuMs)));
      figures[`DuckDB zstd year ${label} ms`] = Math.round(d);
      figures[`DuckDB zstd year ${label} CPU ms`] = Math.round(median(duck.map((x) => x.cpuMs)));
      figures[`${label} ratio ours/DuckDB`] = Math.round((o / d) * 100) / 100;
    }
    figures['page cache dropped before each timed read'] = dropped;
    figures['load average at end'] = os.loadavg()[0]!.toFixed(2);
    recordBench('cold-read', figures);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3]!, process.argv[4]!, process.argv[5] as Warmth);
else await main();
