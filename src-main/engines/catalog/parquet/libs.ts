import { createRequire } from 'node:module';
import type * as ArrowModule from 'apache-arrow';
import type * as ParquetWasmModule from 'parquet-wasm';

// apache-arrow and parquet-wasm cost about 140 ms to load. Loaded on first use with a dynamic
// import, they stay out of start-up even in the bundled CLI (esbuild hoists static imports of
// external packages to the top of the bundle), so `barcat list` and `--help` never pay for them.
let arrow: typeof ArrowModule | undefined;
let wasm: typeof ParquetWasmModule | undefined;

/** Loads apache-arrow and parquet-wasm once; every catalog read and write awaits it first. */
export async function loadParquetLibs(): Promise<void> {
  if (arrow && wasm) return;
  arrow ??= loadArrow();
  wasm ??= loadWasm();
}

// apache-arrow's one-file build (same API, same version) loads in ~30 ms; its ~300 ES modules take
// 150-180 ms in plain Node and twice that under a TypeScript loader.
function loadArrow(): typeof ArrowModule {
  return createRequire(import.meta.url)('apache-arrow/Arrow.esnext.min') as typeof ArrowModule;
}

/** Loads apache-arrow alone: a small read decoded in JavaScript (js-decode.ts) needs no parquet-wasm. */
export function loadArrowLib(): void {
  arrow ??= loadArrow();
}

/**
 * Whether this process has loaded parquet-wasm: then a small read goes through the catalog's reader
 * and its cache rather than straight into a batch (decodesInJs); a catalog's bars decode in JavaScript either way.
 */
export function parquetWasmLoaded(): boolean {
  return wasm !== undefined;
}

/**
 * Loads parquet-wasm alone, without apache-arrow (~half a worker's start-up): the quality workers'
 * readBatch decodes straight into columns and makes no Arrow table.
 */
export async function loadParquetWasm(): Promise<void> {
  wasm ??= loadWasm();
}

// parquet-wasm's Node build is CommonJS: import() first scans its 100 KB of glue for export names
// (cjs-module-lexer, ~40 ms of CPU per process and per worker); require() skips that scan.
function loadWasm(): typeof ParquetWasmModule {
  return createRequire(import.meta.url)('parquet-wasm') as typeof ParquetWasmModule;
}

export function arrowLib(): typeof ArrowModule {
  if (!arrow) throw new Error('apache-arrow is not loaded: await loadParquetLibs() first');
  return arrow;
}

// Loaded here when first used: a query that began with JavaScript decoding may still write or export.
export function parquetLib(): typeof ParquetWasmModule {
  wasm ??= loadWasm();
  return wasm;
}
