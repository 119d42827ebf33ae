// csv and Parquet export of 1-minute bars, 1 year vs 5 years of one series: time and peak RSS of
// each export in its own process, so the RSS is the export's alone. Bounded memory means the
// 5-year figure stays near the 1-year one (the export streams year-long read windows).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocBatch, openCatalog, parquetLib } from '../src-main/engines/catalog/index';
import { exportSeries } from '../src-main/engines/export/index';
import { ms, peakRssMb, recordBench } from './record';

const MIN = 60_000;
const KEY = { venue: 'BENCH', symbol: 'LONG', timeframe: '1m' as const };
const T0 = Date.UTC(2020, 0, 1);

if (process.argv[2] === 'child') {
  // One export: catalog dir, years from T0, format, output file; prints its figures as JSON.
  const [, , , dir, years, format, out] = process.argv as string[] as [
    string,
    string,
    string,
    string,
    string,
    'csv' | 'parquet',
    string,
  ];
  const catalog = await openCatalog(dir);
  const start = performance.now();
  const [r] = await exportSeries(
    catalog,
    { series: [KEY], range: { from: T0, to: Date.UTC(2020 + Number(years), 0, 1) }, format, out },
    dir,
  );
  const took = ms(start);
  await catalog.close();
  const wasmMb = Math.round(parquetLib().wasmMemory().buffer.byteLength / 1048576);
  console.log(JSON.stringify({ bars: r!.bars, ms: took, peakRssMb: peakRssMb(), wasmMb }));
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-bench-export-'));
  try {
    const catalog = await openCatalog(path.join(dir, 'cat'));
    for (let y = 0; y < 5; y++) {
      const from = Date.UTC(2020 + y, 0, 1);
      const n = (Date.UTC(2021 + y, 0, 1) - from) / MIN;
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
    const figures: Record<string, number> = {};
    for (const format of ['csv', 'parquet'] as const)
      for (const years of [1, 5]) {
        const out = path.join(dir, `out-${years}.${format}`);
        const child = spawnSync(
          'npx',
          ['tsx', fileURLToPath(import.meta.url), 'child', path.join(dir, 'cat'), String(years), format, out],
          { encoding: 'utf8' },
        );
        if (child.status !== 0) throw new Error(child.stderr);
        const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
        figures[`${format}${years}yBars`] = r.bars!;
        figures[`${format}${years}yMs`] = r.ms!;
        figures[`${format}${years}yPeakRssMb`] = r.peakRssMb!;
        figures[`${format}${years}yParquetWasmMemoryMb`] = r.wasmMb!;
      }
    recordBench('export', { ...figures, loadAverage1m: os.loadavg()[0]!.toFixed(1) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
