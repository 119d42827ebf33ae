// What the CLI loads to start: `list`, `gaps` and `query` of one day stay fast (bench/cli-start.bench.ts
// times them) by not loading what they do not use. Proved by the modules the real bundled process
// loads (test/helpers/module-trace.mjs), mapped back to their sources through the bundle's source maps:
// deterministic, where a timed test would not be.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { JS_READ_MAX_ROWS } from '../../../src-main/engines/catalog/read/partition-decoder';
import { BTC_1M, CLI, fileTempDir, minuteBatch, repoRoot, writeInCsvArgs } from '../catalog/helpers';

const OUT = path.dirname(CLI);
const TRACE_HOOK = path.join(repoRoot, 'test/helpers/module-trace.mjs');
const CSV = [
  'ts,open,high,low,close,volume',
  '2024-03-01T00:00:00Z,1,2,0.5,1.5,10',
  '2024-03-01T00:01:00Z,1.5,2,1,1.75,12',
  '2024-03-02T00:00:00Z,1.75,2,1,1.9,3',
  '',
].join('\n');

/** The source files (repo-relative) and CommonJS packages a `barcat ARGS` process loaded. */
function loadedBy(args: string[], dir: string): string[] {
  return traced([CLI, ...args], path.join(dir, `trace-${args[0]}.txt`)).sources;
}

/** Runs node ARGS with the module trace: the sources it loaded, and its stdout. */
function traced(args: string[], trace: string): { sources: string[]; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', TRACE_HOOK, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BARCAT_MODULE_TRACE: trace },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const files = [...new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean))];
  const sources = new Set<string>();
  for (const f of files) {
    // Only Barcat's bundle is mapped back to sources; packages are named by their own files.
    if (!f.startsWith(OUT) || !existsSync(`${f}.map`)) {
      sources.add(f);
      continue;
    }
    const map = JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] };
    for (const s of map.sources) sources.add(path.relative(repoRoot, path.resolve(path.dirname(f), s)));
  }
  return { sources: [...sources], stdout: r.stdout };
}

const pkg = (name: string) => (s: string) => s.includes(`node_modules/${name}/`);
// zod is bundled: its sources show through the source maps like Barcat's own.
const ZOD = pkg('zod');
// What a job file's view and the catalog's tick store read, split from the domain files below.
const LIGHT_DOMAIN = ['job-state', 'import-problem', 'tick-key'].map((f) => `src-shared/domain/${f}.ts`);
// Schemas of job requests, import previews and tick import plans: no read of a catalog parses them.
const HEAVY_DOMAIN = ['job', 'import', 'ticks'].map((f) => `src-shared/domain/${f}.ts`);

// The catalog's code a command that only reads never runs: writes, the sweep, ticks, history, trash.
const CATALOG_WRITES = [
  'catalog.ts',
  'write/write.ts',
  'maintenance/sweep.ts',
  'ticks/tick-store.ts',
  'history/undo.ts',
  'trash/trash.ts',
].map((f) => `src-main/engines/catalog/${f}`);

describe('what a CLI command loads to start', () => {
  const { dir, catalogDir: cat } = fileTempDir('barcat-cli-loads-');
  beforeAll(() => {
    writeFileSync(path.join(dir, 'in.csv'), CSV);
    const w = spawnSync(process.execPath, [CLI, ...writeInCsvArgs(dir, cat)], { encoding: 'utf8' });
    expect(w.status, w.stderr).toBe(0);
  });

  it('list and gaps read manifests only: no contract, job, import or tick-plan schemas, no apache-arrow, no parquet-wasm', () => {
    for (const args of [
      ['list', '--json', '--catalog', cat],
      ['gaps', 'BINANCE:BTCUSDT:1m', '--catalog', cat],
    ]) {
      const loaded = loadedBy(args, dir);
      // The trace sees the catalog's sources (the source maps resolve)...
      expect(loaded).toContain('src-main/engines/catalog/disk/manifest.ts');
      // list opens the whole catalog (its tick store lists tick series too); gaps its read-only door.
      if (args[0] === 'list') expect(loaded).toContain('src-shared/domain/job-view.ts');
      // ...and not the whole contract (every command's schemas), nor the Parquet libraries.
      expect(loaded).not.toContain('src-shared/contract.ts');
      expect(loaded.filter(pkg('apache-arrow'))).toEqual([]);
      expect(loaded.filter(pkg('parquet-wasm'))).toEqual([]);
      // The job view's and the tick store's parts of the domain are loaded, not the schemas of the
      // requests, previews and plans around them (job.ts, import.ts, ticks.ts): none of them is parsed.
      if (args[0] === 'list') expect(loaded).toEqual(expect.arrayContaining(LIGHT_DOMAIN));
      expect(loaded.filter((s) => HEAVY_DOMAIN.includes(s))).toEqual([]);
    }
  });

  it('query of one day loads no zod: its manifest is checked by hand, the calendars are not loaded', () => {
    const loaded = loadedBy(
      ['query', 'BINANCE:BTCUSDT:1m', '--from', '2024-03-01', '--to', '2024-03-02', '--catalog', cat],
      dir,
    );
    expect(loaded).toContain('src-main/engines/catalog/disk/manifest-check.ts');
    expect(loaded.filter(ZOD)).toEqual([]);
    expect(loaded.filter((s) => s.startsWith('src-main/engines/calendars/'))).toEqual([]);
    expect(loaded).not.toContain('src-main/engines/catalog/disk/manifest-schema.ts');
  });

  it("query of one day decodes in JavaScript straight to columns through the read-only door: hyparquet and the zstd wasm, no parquet-wasm, no apache-arrow, none of the catalog's writes", () => {
    const loaded = loadedBy(
      ['query', 'BINANCE:BTCUSDT:1m', '--from', '2024-03-01', '--to', '2024-03-02', '--catalog', cat],
      dir,
    );
    expect(loaded.filter(pkg('parquet-wasm'))).toEqual([]);
    // Bundled from node_modules, wherever it is (a worktree's node_modules may link to another checkout's).
    expect(loaded.filter(pkg('hyparquet')).map((s) => s.slice(s.indexOf('node_modules/')))).toContain(
      'node_modules/hyparquet/src/read.js',
    );
    expect(loaded.filter(pkg('@bokuweb/zstd-wasm')).length).toBeGreaterThan(0);
    // The bars go from the pages to the CSV as columns: no Arrow table is made.
    expect(loaded.filter(pkg('apache-arrow'))).toEqual([]);
    expect(loaded).not.toContain('src-shared/contract.ts');
    expect(loaded.filter((s) => HEAVY_DOMAIN.includes(s))).toEqual([]);
    // catalog/read-only.ts, not the whole catalog: no writes, sweep, ticks, history or trash code.
    expect(loaded).toContain('src-main/engines/catalog/read-only.ts');
    expect(loaded.filter((s) => CATALOG_WRITES.includes(s))).toEqual([]);
  });

  it('gaps opens the catalog through the read-only door: none of its writes, sweep, ticks, history or trash', () => {
    const loaded = loadedBy(['gaps', 'BINANCE:BTCUSDT:1m', '--catalog', cat], dir);
    expect(loaded).toContain('src-main/engines/catalog/read-only.ts');
    expect(loaded).not.toContain('src-main/engines/catalog/index.ts');
    expect(loaded.filter((s) => CATALOG_WRITES.includes(s))).toEqual([]);
  });

  it('the decode worker loads no zod: it decodes the partitions of a large read', () => {
    const big = path.join(dir, 'worker');
    const written = spawnSync(process.execPath, [CLI, ...writeInCsvArgs(dir, big)], { encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    const seriesDir = path.join(big, 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m');
    const files = readdirSync(seriesDir).filter((f) => f.endsWith('.parquet'));
    // The real worker bundle in a worker thread, sent what a reader sends it: every partition of a read.
    const script = [
      "import { Worker } from 'node:worker_threads';",
      `const w = new Worker(${JSON.stringify(path.join(OUT, 'workers/decode.js'))});`,
      'let decoded = 0;',
      "w.on('message', (m) => { if (m.type === 'progress' && m.payload.decoded) decoded++;",
      "  if (m.type !== 'progress') { console.log(JSON.stringify({ type: m.type, decoded })); void w.terminate(); } });",
      `const reads = ${JSON.stringify(files.map((f) => ({ file: path.join(seriesDir, f), bars: true })))};`,
      "w.postMessage({ id: 1, type: 'call', payload: { reads, next: new SharedArrayBuffer(4) } });",
    ].join('\n');
    const runner = path.join(dir, 'decode-worker.mjs');
    writeFileSync(runner, script);
    const { sources, stdout } = traced([runner], path.join(dir, 'trace-worker.txt'));
    expect(JSON.parse(stdout)).toEqual({ type: 'result', decoded: files.length });
    expect(sources).toContain('src-main/hosts/workers/decode.worker.ts');
    expect(sources).toContain('src-main/engines/catalog/parquet/js-decode.ts');
    expect(sources.filter(ZOD)).toEqual([]);
  });

  it(`a query of more than ${JS_READ_MAX_ROWS} rows decodes in JavaScript too: no parquet-wasm`, async () => {
    const big = path.join(dir, 'big');
    const c = await openCatalog(big);
    await c.write(BTC_1M, minuteBatch(Date.UTC(2024, 0, 1), JS_READ_MAX_ROWS + 1), 'merge');
    await c.close();
    // The trace goes to a folder of its own (loadedBy appends to trace-query.txt).
    const loaded = loadedBy(
      ['query', 'BINANCE:BTCUSDT:1m', '--out', path.join(big, 'out.csv'), '--catalog', big],
      big,
    );
    // Read through the catalog's reader (an Arrow table), every file in JavaScript: compiling
    // parquet-wasm's 5 MB module would cost more than the decode (docs/performance.md, "Cold reads").
    expect(loaded.filter(pkg('parquet-wasm'))).toEqual([]);
    expect(loaded.filter(pkg('hyparquet')).length).toBeGreaterThan(0);
    expect(loaded.filter(pkg('apache-arrow')).length).toBeGreaterThan(0);
  });

  it(`a query of more than ${JS_READ_MAX_ROWS} rows starts no decode worker: it reads once and exits; resampled, the same read starts one`, async () => {
    const big = path.join(dir, 'no-worker');
    const c = await openCatalog(big);
    await c.write(BTC_1M, minuteBatch(Date.UTC(2024, 0, 1), JS_READ_MAX_ROWS + 1), 'merge');
    await c.close();
    // Worker threads do not run the module trace's hook (the pool leaves out loader flags): a
    // preload of the real process prints each worker thread it starts.
    const preload = path.join(big, 'print-workers.cjs');
    writeFileSync(
      preload,
      `const wt = require('node:worker_threads');
const W = wt.Worker;
wt.Worker = class extends W { constructor(file, opts) { console.error('worker', file); super(file, opts); } };
require('node:module').syncBuiltinESMExports();
`,
    );
    const out = path.join(big, 'out.csv');
    const query = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['-r', preload, CLI, 'query', 'BINANCE:BTCUSDT:1m', ...args, '--out', out, '--catalog', big],
        { encoding: 'utf8' },
      );
    const r = query();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(JS_READ_MAX_ROWS + 2);

    // The control: resampled, the same bars are read through the catalog's reader with its usual
    // decode threshold, so the pool starts, and the preload shows it (a line per worker started, how
    // many set by the machine's cores: compared as a set).
    const resampled = query('--timeframe', '1h');
    expect(resampled.status, resampled.stderr).toBe(0);
    expect([...new Set(resampled.stderr.trimEnd().split('\n'))]).toEqual([
      `worker ${path.join(OUT, 'workers/decode.js')}`,
    ]);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(
      Math.ceil((JS_READ_MAX_ROWS + 1) / 60) + 1,
    );
  });
});
