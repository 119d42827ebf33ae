import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { allocBatch } from '../../../src-main/engines/catalog/batch';
import { type Catalog, openCatalog, tableToBars } from '../../../src-main/engines/catalog/index';
import type { BarBatch } from '../../../src-main/engines/catalog/types';
import { BAR_OPTIONAL_COLUMNS, type Bar } from '../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A fresh temp folder; the returned cleanup removes it. */
export function tempDir(prefix = 'barcat-cat-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh tempDir for each test of the file or block (removed after it); read it inside tests. */
export function tempDirEach(prefix: string): () => string {
  return tempDirBetween(prefix, beforeEach, afterEach);
}

/** One tempDir for the whole file or block (removed after it); read it inside hooks and tests. */
export function tempDirAll(prefix: string): () => string {
  return tempDirBetween(prefix, beforeAll, afterAll);
}

function tempDirBetween(
  prefix: string,
  before: (hook: () => void) => void,
  after: (hook: () => void) => void,
): () => string {
  let current: ReturnType<typeof tempDir> | undefined;
  before(() => {
    current = tempDir(prefix);
  });
  after(() => current?.cleanup());
  return () => (current as ReturnType<typeof tempDir>).dir;
}

/** The series most catalog tests write. */
export const BTC_1M = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;

/** What verify says of a healthy catalog of `partitions` partition files. */
export function healthyVerify(partitions: number) {
  return {
    partitionsChecked: partitions,
    ok: partitions,
    quarantined: [],
    brokenManifests: [],
    unlisted: [],
  };
}

/** Every stored bar of a series of the catalog in `dir` (opened and closed for the read). */
export async function storedBars(dir: string, key: SeriesKey): Promise<Bar[]> {
  const cat = await openCatalog(dir);
  try {
    return tableToBars(await cat.query(key, undefined));
  } finally {
    await cat.close();
  }
}

/** A catalog opened in a fresh temp folder; `close` closes it and removes the folder. */
export async function openTempCatalog(prefix?: string): Promise<{
  dir: string;
  cat: Awaited<ReturnType<typeof openCatalog>>;
  close(): Promise<void>;
}> {
  const { dir, cleanup } = tempDir(prefix);
  const cat = await openCatalog(dir);
  return {
    dir,
    cat,
    async close() {
      await cat.close();
      cleanup();
    },
  };
}

/** A fresh openTempCatalog for each test of the file or block, `seed` written into it (closed and removed after it). */
export function catalogEach(
  prefix: string,
  seed: (cat: Catalog) => Promise<void> = async () => {},
): () => Awaited<ReturnType<typeof openTempCatalog>> {
  let current: Awaited<ReturnType<typeof openTempCatalog>> | undefined;
  beforeEach(async () => {
    current = await openTempCatalog(prefix);
    await seed(current.cat);
  });
  afterEach(async () => current?.close());
  return () => current as Awaited<ReturnType<typeof openTempCatalog>>;
}

/** One openTempCatalog for the whole file or block (closed and removed after it); read it inside tests. */
export function catalogAll(prefix?: string): () => Catalog {
  let current: Awaited<ReturnType<typeof openTempCatalog>> | undefined;
  beforeAll(async () => {
    current = await openTempCatalog(prefix);
  });
  afterAll(async () => current?.close());
  return () => (current as Awaited<ReturnType<typeof openTempCatalog>>).cat;
}

/** The `barcat write` arguments that merge dir/in.csv into BINANCE:BTCUSDT:1m of a catalog it creates. */
export function writeInCsvArgs(dir: string, catalogDir: string): string[] {
  return [
    'write',
    'BINANCE:BTCUSDT:1m',
    '--mode',
    'merge',
    path.join(dir, 'in.csv'),
    '--create',
    '--catalog',
    catalogDir,
  ];
}

/** n consecutive 1m bars from `start`; prices derived from the index so rows are recognizable. */
export function minuteBars(start: number, n: number, base = 100, step = MINUTE): Bar[] {
  return Array.from({ length: n }, (_, i) => {
    const p = base + i / 100;
    return { ts: start + i * step, open: p, high: p + 0.5, low: p - 0.5, close: p + 0.25, volume: 1000 + i };
  });
}

/** minuteBars as a columnar batch with trades and vwap too; every 7th vwap is missing (stored as null). */
export function minuteBatch(start: number, n: number, base = 100): BarBatch {
  const b = allocBatch(n, BAR_OPTIONAL_COLUMNS);
  for (let i = 0; i < n; i++) {
    const p = base + i / 100;
    b.ts[i] = start + i * MINUTE;
    b.open[i] = p;
    b.high[i] = p + 0.5;
    b.low[i] = p - 0.5;
    b.close[i] = p + 0.25;
    b.volume[i] = 1000 + i;
    b.trades![i] = i % 50;
    b.vwap![i] = i % 7 === 0 ? Number.NaN : p + 0.1;
  }
  return b;
}

export const T0 = Date.UTC(2024, 0, 31, 23, 0); // one hour before a month boundary

export const CLI = path.join(repoRoot, 'out/node/barcat.js');

/** Canonical CSV of bars (ts as epoch ms). */
export function barsCsv(bars: Bar[]): string {
  const lines = bars.map((b) => `${b.ts},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  return `ts,open,high,low,close,volume\n${lines.join('\n')}\n`;
}

/** Starts a CLI write into `catalogDir` that pauses, holding the lock, right before its manifest commit. */
export function pausedWriter(catalogDir: string, csv: string, pauseMs: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', csv, '--create', '--catalog', catalogDir],
    { env: { ...process.env, BARCAT_PAUSE_AT: `before-manifest:${pauseMs}` } },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('paused at before-manifest')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`writer exited ${code} before pausing: ${err}`)));
  });
}

/**
 * A temp folder for the whole test file (or block): its path is named at import time (so the file's
 * constants can name paths in it) but the folder is made in beforeAll, so collecting the file (`vitest
 * list`, a `-t` filter, a skipped block) leaves nothing in /tmp; removed after its last test.
 * `catalogDir` is the catalog folder inside it that the tests open.
 */
export function fileTempDir(prefix: string): { dir: string; catalogDir: string } {
  // A random name instead of mkdtemp's; mkdirSync without `recursive` still refuses one that exists.
  const dir = path.join(os.tmpdir(), `${prefix}${randomBytes(6).toString('hex')}`);
  beforeAll(() => mkdirSync(dir, { mode: 0o700 }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, catalogDir: path.join(dir, 'cat') };
}
