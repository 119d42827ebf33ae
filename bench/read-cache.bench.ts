// Read bench: one year of 1-minute bars read in full into Arrow, cold (no cache: what the first read
// of a partition costs) and repeated (the catalog's cache of decoded partitions), for zstd and lz4
// catalogs; then the codec trade-off on the real vendor files of ../shared/testdata/real (imported
// with the CLI into a zstd and an lz4 catalog: size, import time, read time). Figures are the fastest
// of N with the CPU time of that run beside it, and the load average: the machine may be shared.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FolderCatalog } from '../src-main/engines/catalog/catalog';
import { openCatalog } from '../src-main/engines/catalog/index';
import { type Figures, recordBench } from './record';
import { yearOfMinutes } from './year-bars';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ROWS = 525_600;
const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out/node/barcat.js');
const REAL = path.resolve(root, '../shared/testdata/real');
/** Real files with the zone each needs (see SOURCES.md there). */
const REAL_FILES: [string, string, string][] = [
  ['ninjatrader/nt-spy-minute-2011.csv', 'NT:SPY:1m', 'UTC'],
  ['histdata/DAT_ASCII_EURUSD_M1_201703_1_10.csv', 'HD:EURUSD:1m', 'Etc/GMT+5'],
  ['cryptodatadownload/Coinbase_BTCUSD_1h.csv', 'CDD:BTCUSD:1h', 'UTC'],
  ['metatrader5/EURUSD_H1.csv', 'MT5:EURUSD:1h', 'UTC'],
  ['stooq/aapl.us.txt', 'STOOQ:AAPL:1d', 'America/New_York'],
];

/** Fastest of RUNS: wall ms and the process CPU ms (all threads, so decode workers count) of that run. */
async function fastest(fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  let best = { ms: Number.POSITIVE_INFINITY, cpuMs: 0 };
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await fn();
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (ms < best.ms) best = { ms, cpuMs: (used.user + used.system) / 1000 };
  }
  return { ms: Math.round(best.ms * 10) / 10, cpuMs: Math.round(best.cpuMs * 10) / 10 };
}

function parquetBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.parquet')) n += statSync(path.join(e.parentPath, e.name)).size;
  return n;
}

async function yearFigures(tmp: string, codec: 'zstd' | 'lz4', f: Figures): Promise<void> {
  const dir = path.join(tmp, `year-${codec}`);
  const writer = await openCatalog(dir, { compression: codec });
  const bars = yearOfMinutes(ROWS, Date.UTC(2023, 0, 1));
  const t = performance.now();
  await writer.write(KEY, bars, 'merge');
  f[`${codec} year write ms`] = Math.round(performance.now() - t);
  await writer.close();
  f[`${codec} year MB on disk`] = Math.round(parquetBytes(dir) / 1e4) / 100;
  const uncached = (await openCatalog(dir, { readCacheMb: 0 })) as FolderCatalog;
  const cached = (await openCatalog(dir, {})) as FolderCatalog;
  try {
    const read = (c: FolderCatalog) => async () => {
      const table = await c.query(KEY, undefined);
      if (table.numRows !== ROWS) throw new Error(`read ${table.numRows} rows`);
    };
    const cold = await fastest(read(uncached));
    f[`${codec} full read, no cache ms${codec === 'zstd' ? ' (target < 100)' : ''}`] = cold.ms;
    f[`${codec} full read, no cache CPU ms`] = cold.cpuMs;
    await read(cached)();
    const warm = await fastest(read(cached));
    f[`${codec} full read, repeat (cache) ms (target < 50)`] = warm.ms;
    f[`${codec} full read, repeat (cache) CPU ms`] = warm.cpuMs;
    f[`${codec} cache MB held`] = Math.round(cached.readCache.bytes / 1e4) / 100;
  } finally {
    await Promise.all([uncached.close(), cached.close()]);
  }
}

/** CPU ms (user + system) of this process's finished children, from /proc (spawnSync waits for them). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // cutime and cstime are fields 16 and 17 of stat, 14 and 15 after the command name.
  return Math.round(((Number(fields[13]) + Number(fields[14])) * 1000) / 100);
}

async function realFigures(tmp: string, codec: 'zstd' | 'lz4', f: Figures): Promise<void> {
  const dir = path.join(tmp, `real-${codec}`);
  // The catalog's codec is chosen when it is made and recorded in catalog.json.
  await (await openCatalog(dir, { compression: codec })).close();
  let importMs = 0;
  const cpu0 = childrenCpuMs();
  for (const [file, series, tz] of REAL_FILES) {
    const t = performance.now();
    const r = spawnSync('node', [
      cli,
      'import',
      path.join(REAL, file),
      '--series',
      series,
      '--tz',
      tz,
      '--catalog',
      dir,
    ]);
    importMs += performance.now() - t;
    if (r.status !== 0) throw new Error(`import ${file} failed: ${r.stderr}`);
  }
  f[`real files ${codec} import ms (5 processes)`] = Math.round(importMs);
  f[`real files ${codec} import CPU ms (5 processes)`] = childrenCpuMs() - cpu0;
  f[`real files ${codec} KB on disk`] = Math.round(parquetBytes(dir) / 1024);
  const cat = (await openCatalog(dir, { readCacheMb: 0 })) as FolderCatalog;
  try {
    const keys = (await cat.listSeries()).map((s) => ({
      venue: s.venue,
      symbol: s.symbol,
      timeframe: s.timeframe,
    }));
    await Promise.all(keys.map((k) => cat.query(k, undefined)));
    const read = await fastest(async () => {
      for (const k of keys) await cat.query(k, undefined);
    });
    f[`real files ${codec} read all ms`] = read.ms;
    f[`real files ${codec} read all CPU ms`] = read.cpuMs;
  } finally {
    await cat.close();
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'barcat-read-bench-'));
try {
  const f: Figures = {
    'load average at start (2 cores)': os.loadavg()[0]!.toFixed(2),
    'runs (fastest kept)': RUNS,
  };
  for (const codec of ['zstd', 'lz4'] as const) await yearFigures(tmp, codec, f);
  if (existsSync(REAL)) for (const codec of ['zstd', 'lz4'] as const) await realFigures(tmp, codec, f);
  f['load average at end'] = os.loadavg()[0]!.toFixed(2);
  recordBench('read-cache', f);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
