// Import bench: a 1-minute ISO CSV of 5,000,000 rows (cached in os.tmpdir()) imported into a fresh
// catalog, timed against DuckDB's CSV -> Parquet COPY on the same file in the same run (medians of 3;
// the ratio against the command, DuckDB's default compression, and beside it against zstd); then the
// parser alone (rows/s) next to udsv, the fastest general CSV library measured here, and the same
// import through the plain (non-streamed) path. Every import and COPY also gives its CPU time (all
// threads): on a shared machine the CPU ratio is the one that compares. The same import runs into an
// lz4 catalog in turn with the zstd one; the catalog write is taken apart step by step
// (write-split.ts) and parquet-wasm's writer options are timed on the same bars (encode-options.ts).
// BENCH_ROWS=1000000 shrinks the file for a quick run.
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { inferSchema, initParser } from 'udsv';
import { openCatalog, sliceBatch } from '../src-main/engines/catalog/index';
import type { ParquetCompression } from '../src-main/engines/catalog/parquet/codec';
import {
  closeImportWorkers,
  readFileBars,
  runImport,
  warmImportWorkers,
} from '../src-main/engines/import/index';
import { measureEncodeOptions } from './encode-options';
import { median, peakRssMb, recordBench } from './record';
import { threadCpu, threadSplit } from './thread-cpu';
import { measureWriteSplit } from './write-split';

/** MB of the Parquet files under a catalog folder. */
function parquetMb(dir: string): number {
  let bytes = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }))
    if (f.endsWith('.parquet')) bytes += statSync(path.join(dir, f)).size;
  return Math.round(bytes / 1e5) / 10;
}

/** CPU seconds (user + system, every thread of the process) since `from`. */
function cpuSec(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const RUNS = 3;

const csv = path.join(os.tmpdir(), `barcat-import-bench-${ROWS}.csv`);

async function generate(): Promise<void> {
  if (existsSync(csv)) return;
  const fh = await open(`${csv}.tmp`, 'w');
  const t0 = Date.UTC(2015, 0, 1);
  let p = 1.1;
  let seed = 7;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  let buf = 'timestamp,open,high,low,close,volume\n';
  for (let i = 0; i < ROWS; i++) {
    const o = p;
    p = Math.max(0.5, p + (rand() - 0.5) * 0.0004);
    const h = Math.max(o, p) + rand() * 0.0002;
    const l = Math.min(o, p) - rand() * 0.0002;
    const iso = new Date(t0 + i * 60_000).toISOString().slice(0, 19);
    buf += `${iso}Z,${o.toFixed(5)},${h.toFixed(5)},${l.toFixed(5)},${p.toFixed(5)},${Math.floor(rand() * 1000)}\n`;
    if (buf.length > 1 << 20) {
      await fh.write(buf);
      buf = '';
    }
  }
  await fh.write(buf);
  await fh.close();
  const { rename } = await import('node:fs/promises');
  await rename(`${csv}.tmp`, csv);
}

async function udsvRowsPerSec(): Promise<number> {
  // Streaming 1 MiB chunks into typed columns, the way an importer would have to use it.
  const t = performance.now();
  let rows = 0;
  let parser: ReturnType<typeof initParser> | undefined;
  let header = '';
  let carry = '';
  for await (const chunk of createReadStream(csv, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    const cut = text.lastIndexOf('\n') + 1;
    carry = text.slice(cut);
    let part = text.slice(0, cut);
    if (!parser) {
      parser = initParser(inferSchema(part));
      header = part.slice(0, part.indexOf('\n') + 1);
    } else part = header + part;
    const cols = parser.typedCols(part) as unknown[][];
    rows += cols[0]?.length ?? 0;
  }
  if (rows !== ROWS) throw new Error(`udsv read ${rows} rows`);
  return Math.round(rows / ((performance.now() - t) / 1000));
}

async function main(): Promise<void> {
  await generate();
  const loadAtStart = Number(os.loadavg()[0]?.toFixed(2));
  const bytes = statSync(csv).size;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-import-bench-'));
  try {
    // Imports into fresh catalogs: the first starts its worker threads itself, as `barcat import`
    // does; the others find them running, as in the app (started when files are dropped for the
    // preview), the way DuckDB's instance is made before its COPY is timed. Medians of the warm ones
    // and of three DuckDB runs, so one noisy moment on a shared VM moves neither side alone.
    await closeImportWorkers();
    const importTimes: number[] = [];
    const importCpu: number[] = [];
    // The same import into an lz4 catalog, alternated with the zstd runs: the codec's share of it.
    const lz4Times: number[] = [];
    const lz4Cpu: number[] = [];
    // Where the zstd imports' CPU went: main thread (source hash, orchestration), workers, the rest.
    const threadsZstd: { main: number; workers: number; other: number }[] = [];
    const catalogMb: Record<ParquetCompression, number> = { zstd: 0, lz4: 0 };
    let rssImport = 0;
    const timedImport = async (run: number, compression: ParquetCompression) => {
      const at = path.join(dir, `cat${run}-${compression}`);
      const catalog = await openCatalog(at, { compression });
      if (run > 0) warmImportWorkers({ parquet: true });
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const t0Threads = threadCpu();
      const s = await runImport(catalog, { paths: [csv], overrides: { symbol: 'BENCH', timeframe: '1m' } });
      if (compression === 'zstd' && run > 0) threadsZstd.push(threadSplit(t0Threads));
      const times = compression === 'zstd' ? [importTimes, importCpu] : [lz4Times, lz4Cpu];
      times[0]?.push((performance.now() - t0) / 1000);
      times[1]?.push(cpuSec(c0));
      await catalog.close();
      if (run === 0) rssImport = peakRssMb();
      if (s.rowsWritten !== ROWS)
        throw new Error(`imported ${s.rowsWritten} of ${ROWS} rows: ${s.files[0]?.message}`);
      catalogMb[compression] = parquetMb(at);
      rmSync(at, { recursive: true, force: true });
    };
    for (let run = 0; run <= RUNS; run++) {
      await timedImport(run, 'zstd');
      if (run > 0) await timedImport(run, 'lz4');
    }
    const coldSec = importTimes[0] as number;
    const importSec = median(importTimes.slice(1));

    const tp = performance.now();
    const cp = process.cpuUsage();
    // Parse and validation alone: the file's sha256 is the split's fileHash below.
    const read = await readFileBars(csv, { symbol: 'BENCH', timeframe: '1m' }, { hash: false });
    const parseSec = (performance.now() - tp) / 1000;
    const parseCpu = cpuSec(cp);
    if (read.result?.batch.length !== ROWS) throw new Error('parser lost rows');
    // The catalog's share: the same bars written straight through catalog.write.
    const direct = await openCatalog(path.join(dir, 'direct'));
    const tw = performance.now();
    const cw = process.cpuUsage();
    await direct.write({ venue: 'CSV', symbol: 'BENCH', timeframe: '1m' }, read.result.batch, 'merge');
    const writeSec = (performance.now() - tw) / 1000;
    const writeCpu = cpuSec(cw);
    await direct.close();
    // The same write taken apart step by step on this thread (bench/write-split.ts).
    const splitCat = await openCatalog(path.join(dir, 'split'));
    const split = await measureWriteSplit(
      splitCat,
      { venue: 'CSV', symbol: 'BENCH', timeframe: '1m' },
      read.result.batch,
      csv,
    );
    await splitCat.close();
    // Writer options on the first million of these bars (bench/encode-options.ts).
    const writerOptions = await measureEncodeOptions(
      sliceBatch(read.result.batch, 0, Math.min(ROWS, 1_000_000)),
    );
    const udsv = await udsvRowsPerSec();
    // The same import forced through the plain path (whole file in one worker, one catalog.write),
    // after the RSS reading above: the streamed path's gain measured in the same run.
    const plainCat = await openCatalog(path.join(dir, 'plain'));
    const tpl = performance.now();
    const plain = await runImport(
      plainCat,
      { paths: [csv], overrides: { symbol: 'BENCH', timeframe: '1m' } },
      { streamBytes: Number.POSITIVE_INFINITY },
    );
    const plainSec = (performance.now() - tpl) / 1000;
    await plainCat.close();
    if (plain.rowsWritten !== ROWS) throw new Error(`plain import wrote ${plain.rowsWritten} rows`);

    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    // The command as written (DuckDB's default compression, snappy), and with zstd like our
    // files, taken in turn so both see the same moments.
    const duckTimes: number[] = [];
    const duckZstdTimes: number[] = [];
    const duckCpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const [opts, times] of [
        ['FORMAT parquet', duckTimes],
        ['FORMAT parquet, COMPRESSION zstd', duckZstdTimes],
      ] as const) {
        const out = path.join(dir, `duck${run}.parquet`);
        const td = performance.now();
        const cd = process.cpuUsage();
        await conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${out}' (${opts})`);
        times.push((performance.now() - td) / 1000);
        if (times === duckTimes) duckCpu.push(cpuSec(cd));
        rmSync(out, { force: true });
      }
    }
    const duckSec = median(duckTimes);
    const duckZstdSec = median(duckZstdTimes);
    conn.closeSync();

    recordBench('import', {
      rows: ROWS,
      csvMb: Math.round(bytes / 1e6),
      barcatImportSec: Number(importSec.toFixed(2)),
      duckdbCopySec: Number(duckSec.toFixed(2)),
      barcatImportRunsSec: importTimes
        .slice(1)
        .map((t) => t.toFixed(2))
        .join(' / '),
      barcatImportColdSec: Number(coldSec.toFixed(2)),
      duckdbCopyRunsSec: duckTimes.map((t) => t.toFixed(2)).join(' / '),
      ratioVsDuckdb: Number((importSec / duckSec).toFixed(2)),
      lz4ImportSec: Number(median(lz4Times).toFixed(2)),
      lz4ImportCpuSec: Number(median(lz4Cpu).toFixed(2)),
      lz4RatioVsDuckdb: Number((median(lz4Times) / duckSec).toFixed(2)),
      lz4RatioCpuVsDuckdb: Number((median(lz4Cpu) / median(duckCpu)).toFixed(2)),
      zstdCatalogMb: catalogMb.zstd,
      lz4CatalogMb: catalogMb.lz4,
      barcatImportCpuSec: Number(median(importCpu.slice(1)).toFixed(2)),
      barcatImportCpuRunsSec: importCpu
        .slice(1)
        .map((t) => t.toFixed(2))
        .join(' / '),
      duckdbCopyCpuSec: Number(median(duckCpu).toFixed(2)),
      ratioCpuVsDuckdb: Number((median(importCpu.slice(1)) / median(duckCpu)).toFixed(2)),
      importCpuSec_main_workers_other: (['main', 'workers', 'other'] as const)
        .map((k) => median(threadsZstd.map((t) => t[k])).toFixed(2))
        .join(' / '),
      ratioColdVsDuckdb: Number((coldSec / duckSec).toFixed(2)),
      duckdbCopyZstdSec: Number(duckZstdSec.toFixed(2)),
      duckdbCopyZstdRunsSec: duckZstdTimes.map((t) => t.toFixed(2)).join(' / '),
      ratioVsDuckdbZstd: Number((importSec / duckZstdSec).toFixed(2)),
      targetRatio: 1.2,
      peakRssMbAfterImport: rssImport,
      plainPathImportSec: Number(plainSec.toFixed(2)),
      loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
      loadAverage1mAtStart: loadAtStart,
      targetRssMb: 400,
      catalogWriteOnlySec: Number(writeSec.toFixed(2)),
      catalogWriteOnlyCpuSec: Number(writeCpu.toFixed(2)),
      parseOnlySec: Number(parseSec.toFixed(2)),
      parseOnlyCpuSec: Number(parseCpu.toFixed(2)),
      ...split,
      ...writerOptions,
      parserRowsPerSec: Math.round(ROWS / parseSec),
      udsvRowsPerSec: udsv,
      parserVsUdsv: Number((ROWS / parseSec / udsv).toFixed(2)),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
