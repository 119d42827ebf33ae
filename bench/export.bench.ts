// Exports of 1-minute bars, 1 year vs 10 years of one series: csv, Parquet, and Parquet resampled
// to 1h, each in its own process so the peak RSS is the export's alone. Bounded memory means the
// 10-year figure stays near the 1-year one (the export reads a month at a time, past the read cache,
// and parquet-wasm's stream writer emits row groups as they fill). Beside it, DuckDB's
// COPY (SELECT ...) TO 'x.parquet' over the same partition files, in the same run.
// BENCH_EXPORT_YEARS=1,2 shrinks the long series for a quick run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { allocBatch, openCatalog, parquetLib, seriesPartitionFiles } from '../src-main/engines/catalog/index';
import { exportSeries } from '../src-main/engines/export/index';
import { ms, peakRssMb, recordBench } from './record';

const MIN = 60_000;
const KEY = { venue: 'BENCH', symbol: 'LONG', timeframe: '1m' as const };
const Y0 = 2010;
const YEARS = (process.env.BENCH_EXPORT_YEARS ?? '1,10').split(',').map(Number);
const MODES = ['csv', 'parquet', 'parquet1h', 'duckdb'] as const;
type Mode = (typeof MODES)[number];

/** One export in this process: prints bars, time, peak RSS and parquet-wasm's memory as JSON. */
async function child(dir: string, years: number, mode: Mode, out: string): Promise<void> {
  const range = { from: Date.UTC(Y0, 0, 1), to: Date.UTC(Y0 + years, 0, 1) };
  const start = performance.now();
  let bars: number;
  if (mode === 'duckdb') {
    const files = await seriesPartitionFiles(dir, KEY);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const list = files.map((f) => `'${f}'`).join(',');
    const where = `ts >= epoch_ms(${range.from}) AND ts < epoch_ms(${range.to})`;
    const r = await conn.run(
      `COPY (SELECT * FROM read_parquet([${list}]) WHERE ${where} ORDER BY ts) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`,
    );
    bars = Number(r.rowsChanged);
    conn.closeSync();
  } else {
    const catalog = await openCatalog(dir);
    const format = mode === 'csv' ? 'csv' : 'parquet';
    const resample =
      mode === 'parquet1h'
        ? { timeframe: '1h' as const, align: 'utc' as const, fill: false, completeOnly: false }
        : undefined;
    const [r] = await exportSeries(catalog, { series: [KEY], range, format, resample, out }, dir);
    bars = r!.bars;
    await catalog.close();
  }
  const took = ms(start);
  const wasmMb = mode === 'duckdb' ? 0 : Math.round(parquetLib().wasmMemory().buffer.byteLength / 1048576);
  const fileMb = Math.round(statSync(out).size / 1e4) / 100;
  console.log(JSON.stringify({ bars, ms: took, peakRssMb: peakRssMb(), wasmMb, fileMb }));
}

async function fill(dir: string, years: number): Promise<void> {
  const catalog = await openCatalog(dir);
  for (let y = 0; y < years; y++) {
    const from = Date.UTC(Y0 + y, 0, 1);
    const n = (Date.UTC(Y0 + y + 1, 0, 1) - from) / MIN;
    const b = allocBatch(n);
    for (let i = 0; i < n; i++) {
      const p = 100 + Math.sin(i / 500) * 10;
      b.ts[i] = from + i * MIN;
      b.open[i] = p;
      b.high[i] = p + 1;
      b.low[i] = p - 1;
      b.close[i] = p + 0.5;
      b.volume[i] = 1 + (i % 97);
    }
    await catalog.write(KEY, b, 'merge');
  }
  await catalog.close();
}

if (process.argv[2] === 'child') {
  const [dir, years, mode, out] = process.argv.slice(3) as [string, string, Mode, string];
  await child(dir, Number(years), mode, out);
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-bench-export-'));
  const load = [os.loadavg()[0]!];
  try {
    const cat = path.join(dir, 'cat');
    await fill(cat, Math.max(...YEARS));
    const figures: Record<string, number> = {};
    for (const mode of MODES)
      for (const years of YEARS) {
        const out = path.join(dir, `out-${years}-${mode}.${mode === 'csv' ? 'csv' : 'parquet'}`);
        const script = fileURLToPath(import.meta.url);
        const run = spawnSync('npx', ['tsx', script, 'child', cat, String(years), mode, out], {
          encoding: 'utf8',
        });
        if (run.status !== 0) throw new Error(run.stderr);
        const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
        const name = `${mode}${years}y`;
        figures[`${name}Bars`] = r.bars!;
        figures[`${name}Ms`] = r.ms!;
        figures[`${name}PeakRssMb`] = r.peakRssMb!;
        if (mode !== 'duckdb') figures[`${name}ParquetWasmMemoryMb`] = r.wasmMb!;
        figures[`${name}FileMb`] = r.fileMb!;
        rmSync(out, { force: true });
        load.push(os.loadavg()[0]!);
      }
    const [short, long] = [Math.min(...YEARS), Math.max(...YEARS)];
    figures[`parquet${long}yVsDuckdbTimeRatio`] =
      Math.round((figures[`parquet${long}yMs`]! / figures[`duckdb${long}yMs`]!) * 10) / 10;
    figures[`parquetPeakRssGrowth${short}yTo${long}yMb`] =
      figures[`parquet${long}yPeakRssMb`]! - figures[`parquet${short}yPeakRssMb`]!;
    recordBench('export', {
      ...figures,
      loadAverage1mMin: Math.min(...load).toFixed(1),
      loadAverage1mMax: Math.max(...load).toFixed(1),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
