// Import bench: a 1-minute ISO CSV of 5,000,000 rows (cached in os.tmpdir()) imported into a fresh
// catalog, timed against DuckDB's CSV -> Parquet COPY on the same file in the same run (medians of 3;
// the ratio against the command, DuckDB's default compression, and beside it against zstd); then the
// parser alone (rows/s) next to udsv, the fastest general CSV library measured here, and the same
// import through the plain (non-streamed) path.
// BENCH_ROWS=1000000 shrinks the file for a quick run.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { inferSchema, initParser } from 'udsv';
import { openCatalog } from '../src-main/engines/catalog/index';
import {
  closeImportWorkers,
  readFileBars,
  runImport,
  warmImportWorkers,
} from '../src-main/engines/import/index';
import { median, peakRssMb, recordBench } from './record';

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
  const bytes = statSync(csv).size;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-import-bench-'));
  try {
    // Imports into fresh catalogs: the first starts its worker threads itself, as `barcat import`
    // does; the others find them running, as in the app (started when files are dropped for the
    // preview), the way DuckDB's instance is made before its COPY is timed. Medians of the warm ones
    // and of three DuckDB runs, so one noisy moment on a shared VM moves neither side alone.
    await closeImportWorkers();
    const importTimes: number[] = [];
    let rssImport = 0;
    for (let run = 0; run <= RUNS; run++) {
      const catalog = await openCatalog(path.join(dir, `cat${run}`));
      if (run > 0) warmImportWorkers({ parquet: true });
      const t0 = performance.now();
      const s = await runImport(catalog, { paths: [csv], overrides: { symbol: 'BENCH', timeframe: '1m' } });
      importTimes.push((performance.now() - t0) / 1000);
      await catalog.close();
      if (run === 0) rssImport = peakRssMb();
      if (s.rowsWritten !== ROWS)
        throw new Error(`imported ${s.rowsWritten} of ${ROWS} rows: ${s.files[0]?.message}`);
      rmSync(path.join(dir, `cat${run}`), { recursive: true, force: true });
    }
    const coldSec = importTimes[0] as number;
    const importSec = median(importTimes.slice(1));

    const tp = performance.now();
    const read = await readFileBars(csv, { symbol: 'BENCH', timeframe: '1m' });
    const parseSec = (performance.now() - tp) / 1000;
    if (read.result?.batch.length !== ROWS) throw new Error('parser lost rows');
    // The catalog's share: the same bars written straight through catalog.write.
    const direct = await openCatalog(path.join(dir, 'direct'));
    const tw = performance.now();
    await direct.write({ venue: 'CSV', symbol: 'BENCH', timeframe: '1m' }, read.result.batch, 'merge');
    const writeSec = (performance.now() - tw) / 1000;
    await direct.close();
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
    for (let run = 0; run < RUNS; run++) {
      for (const [opts, times] of [
        ['FORMAT parquet', duckTimes],
        ['FORMAT parquet, COMPRESSION zstd', duckZstdTimes],
      ] as const) {
        const out = path.join(dir, `duck${run}.parquet`);
        const td = performance.now();
        await conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${out}' (${opts})`);
        times.push((performance.now() - td) / 1000);
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
      ratioColdVsDuckdb: Number((coldSec / duckSec).toFixed(2)),
      duckdbCopyZstdSec: Number(duckZstdSec.toFixed(2)),
      duckdbCopyZstdRunsSec: duckZstdTimes.map((t) => t.toFixed(2)).join(' / '),
      ratioVsDuckdbZstd: Number((importSec / duckZstdSec).toFixed(2)),
      targetRatio: 1.5,
      peakRssMbAfterImport: rssImport,
      plainPathImportSec: Number(plainSec.toFixed(2)),
      loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
      targetRssMb: 500,
      catalogWriteOnlySec: Number(writeSec.toFixed(2)),
      parseOnlySec: Number(parseSec.toFixed(2)),
      parserRowsPerSec: Math.round(ROWS / parseSec),
      udsvRowsPerSec: udsv,
      parserVsUdsv: Number((ROWS / parseSec / udsv).toFixed(2)),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
