// Tick import against DuckDB: a generated Dukascopy-shaped quote file (BENCH_TICKS ticks, default
// 5M; the figure is 50M) imported with --ticks both --price mid --timeframe 1m, against
// DuckDB reading the same CSV and aggregating it to 1-minute mid bars with time_bucket; then the
// same file imported as the app's "build bars" choice (--ticks bars: no ticks kept), the like-for-like
// figure against DuckDB's. Peak RSS is taken before DuckDB is loaded into this process. Ticks come every 0.65 s on average, so the bars
// on read's month (the first 31 days) holds ~4.1M quote ticks: the density of a real EURUSD month
// (3-5M), read first in a fresh process (as `barcat query --from-ticks` does) and then again (as
// the app does, its decode worker started). `npm run bench ticks`.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalog } from '../src-main/engines/catalog/index';
import { PARALLEL_READ_MIN_ROWS } from '../src-main/engines/catalog/read/partition-decoder';
import { closeImportWorkers } from '../src-main/engines/import/readers';
import { barsOnRead } from '../src-main/engines/import/ticks/tick-bars';
import { runTickImport, type TickImportTimings } from '../src-main/engines/import/ticks/tick-import';
import { tickSplitStats } from '../src-main/engines/import/ticks/tick-split';
import { quotesWithBars } from '../test/main/ticks/helpers';
import { peakRssMb, recordBench, timed } from './record';

const TICKS = Number(process.env.BENCH_TICKS ?? 5_000_000);

function generate(file: string): void {
  const fd = openSync(file, 'w');
  const buf = Buffer.allocUnsafe(8 << 20);
  let at = buf.write('Gmt time,Ask,Bid,AskVolume,BidVolume\n', 0, 'latin1');
  let t = Date.UTC(2024, 0, 2);
  let p = 1.1;
  let seed = 7;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const two = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < TICKS; i++) {
    // Mean gap ~654 ms: 31 days of 86,400 s hold ~4.1M ticks.
    t += 1 + Math.floor(rand() * 1306);
    p = Math.max(0.5, p + (rand() - 0.5) * 0.0002);
    const d = new Date(t);
    const stamp = `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
    at += buf.write(
      `${stamp},${(p + 0.00012).toFixed(5)},${p.toFixed(5)},${(rand() * 5).toFixed(2)},${(rand() * 5).toFixed(2)}\n`,
      at,
      'latin1',
    );
    if (at > buf.length - 256) {
      writeSync(fd, buf, 0, at);
      at = 0;
    }
  }
  writeSync(fd, buf, 0, at);
  closeSync(fd);
}

function cpuSec(u: NodeJS.CpuUsage): number {
  return Number(((u.user + u.system) / 1e6).toFixed(2));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-ticks-bench-'));
  try {
    const csv = path.join(dir, 'EURUSD_Ticks.csv');
    generate(csv);
    const catalog = await openCatalog(path.join(dir, 'cat'), { create: true });
    const load0 = os.loadavg()[0]!;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let stages: TickImportTimings | undefined;
    const r = await runTickImport(catalog, quotesWithBars([csv]), { onTimings: (_file, t) => (stages = t) });
    const barcatSec = (performance.now() - t0) / 1000;
    const barcatCpu = cpuSec(process.cpuUsage(c0));
    const rss = peakRssMb();
    const f = r.files[0];
    if (f?.status !== 'imported') throw new Error(`import failed: ${f?.message}`);
    const [series] = await catalog.ticks.list();
    // "Build bars" (TickChoices ticks: 'bars'), into a catalog of its own; the import workers are
    // started by now, as DuckDB's instance is before its figure.
    const barsCatalog = await openCatalog(path.join(dir, 'bars-only'), { create: true });
    let barsStages: TickImportTimings | undefined;
    const barsOnly = await timed(() =>
      runTickImport(
        barsCatalog,
        { ...quotesWithBars([csv]), options: { ticks: 'bars', price: 'mid', timeframe: '1m' } },
        { onTimings: (_file, t) => (barsStages = t) },
      ),
    );
    const fb = barsOnly.value.files[0];
    if (fb?.status !== 'imported' || fb.ticksWritten !== null)
      throw new Error(`bars-only import: ${fb?.status} ${fb?.message}`);
    await barsCatalog.close();
    // Bars on read (`barcat query … --from-ticks --timeframe 1m`): the first 31 days of ticks.
    const from = Date.UTC(2024, 0, 2);
    const readMonth = () =>
      timed(async () => {
        let ticks = 0;
        const { bars } = await barsOnRead('quotes', '1m', 'mid', (onBatch, columns) =>
          catalog.ticks.scan(
            { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' },
            { from, to: from + 31 * 86_400_000 },
            (b) => {
              ticks += b.length;
              onBatch(b);
            },
            columns,
          ),
        );
        return { ticks, bars: bars.length };
      });
    const monthLoad = os.loadavg()[0]!;
    const month = await readMonth();
    // A read this large starts the decode worker after it (read/partition-decoder.ts); wait for it.
    if (month.value.ticks >= PARALLEL_READ_MIN_ROWS) await catalog.decoder.whenPoolStarted();
    const monthAgain = await readMonth();
    console.log(
      `bars on read, one month (${month.value.ticks} ticks -> ${month.value.bars} 1m bars; target 1 s): ` +
        `first read ${(month.wall / 1000).toFixed(2)} s wall, ${(month.cpu / 1000).toFixed(2)} s CPU; ` +
        `again ${(monthAgain.wall / 1000).toFixed(2)} s wall, ${(monthAgain.cpu / 1000).toFixed(2)} s CPU ` +
        `(load ${monthLoad.toFixed(2)} on ${os.availableParallelism()} cores)`,
    );
    await catalog.close();
    await closeImportWorkers();

    // Loaded only now: its native library alone adds ~38 MB to the process's peak RSS.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const duck = await conn.runAndReadAll(`
      SELECT count(*) AS bars FROM (
        SELECT time_bucket(INTERVAL 1 minute, strptime("Gmt time", '%d.%m.%Y %H:%M:%S.%g')) AS m,
               first((Ask + Bid) / 2 ORDER BY "Gmt time") AS open, max((Ask + Bid) / 2) AS high,
               min((Ask + Bid) / 2) AS low, last((Ask + Bid) / 2 ORDER BY "Gmt time") AS close,
               sum((AskVolume + BidVolume) / 2) AS volume
        FROM read_csv('${csv}', header = true, columns = {'Gmt time': 'VARCHAR', 'Ask': 'DOUBLE', 'Bid': 'DOUBLE', 'AskVolume': 'DOUBLE', 'BidVolume': 'DOUBLE'})
        GROUP BY m)`);
    const duckSec = (performance.now() - t1) / 1000;
    const duckCpu = cpuSec(process.cpuUsage(c1));
    const duckBars = Number(duck.getRowObjectsJS()[0]?.bars);
    // What "keep the ticks" costs DuckDB: the same CSV to one zstd Parquet file with µs timestamps.
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    await conn.run(`
      COPY (SELECT strptime("Gmt time", '%d.%m.%Y %H:%M:%S.%g') AS ts, Bid AS bid, Ask AS ask,
                   BidVolume AS bid_size, AskVolume AS ask_size
            FROM read_csv('${csv}', header = true, columns = {'Gmt time': 'VARCHAR', 'Ask': 'DOUBLE', 'Bid': 'DOUBLE', 'AskVolume': 'DOUBLE', 'BidVolume': 'DOUBLE'}))
      TO '${path.join(dir, 'duck.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
    const duckParquetSec = (performance.now() - t2) / 1000;
    const duckParquetCpu = cpuSec(process.cpuUsage(c2));
    conn.closeSync();
    if (duckBars !== f.barsWritten?.added || duckBars !== fb.barsWritten?.added)
      throw new Error(
        `DuckDB made ${duckBars} bars, Barcat ${f.barsWritten?.added} and ${fb.barsWritten?.added}`,
      );
    const barsOnlyCpu = barsOnly.cpu / 1000;
    console.log(
      `bars only (ticks not kept) against DuckDB CSV -> 1m bars (target 1.5x): ` +
        `${(barsOnly.wall / 1000).toFixed(2)} s wall, ${barsOnlyCpu.toFixed(2)} s CPU against ` +
        `${duckSec.toFixed(2)} s, ${duckCpu.toFixed(2)} s CPU: ${(barsOnlyCpu / duckCpu).toFixed(2)}x CPU, ` +
        `${(barsOnly.wall / 1000 / duckSec).toFixed(2)}x wall`,
    );
    recordBench('ticks', {
      ticks: TICKS,
      csvMb: Math.round(statSync(csv).size / 1e6),
      barcatImportSec: Number(barcatSec.toFixed(2)),
      ticksPerSec: Math.round(TICKS / barcatSec),
      bars1m: duckBars,
      duckdbCsvTo1mSec: Number(duckSec.toFixed(2)),
      ratioToDuckdb: Number((barcatSec / duckSec).toFixed(2)),
      // CPU seconds of all threads: less swayed than wall time by other processes on a shared machine.
      barcatCpuSec: barcatCpu,
      duckdbCpuSec: duckCpu,
      cpuRatioToDuckdb: Number((barcatCpu / duckCpu).toFixed(2)),
      duckdbCsvToParquetSec: Number(duckParquetSec.toFixed(2)),
      duckdbCsvToParquetCpuSec: duckParquetCpu,
      // Barcat keeps the ticks and builds the bars: against DuckDB doing both, in CPU seconds.
      cpuRatioToDuckdbBoth: Number((barcatCpu / (duckCpu + duckParquetCpu)).toFixed(2)),
      // The user's "build bars" (no ticks kept) against DuckDB's CSV -> 1m bars: like for like.
      barsOnlySec: Number((barsOnly.wall / 1000).toFixed(2)),
      barsOnlyCpuSec: Number(barsOnlyCpu.toFixed(2)),
      barsOnlyRatioToDuckdb: Number((barsOnly.wall / 1000 / duckSec).toFixed(2)),
      barsOnlyCpuRatioToDuckdb: Number((barsOnlyCpu / duckCpu).toFixed(2)),
      barsOnlyStage_parseSec: Number(((barsStages?.parseMs ?? 0) / 1000).toFixed(2)),
      barsOnlyStage_barsSec: Number(((barsStages?.barsMs ?? 0) / 1000).toFixed(2)),
      barsOnlyStage_encodeSec: Number(((barsStages?.encodeMs ?? 0) / 1000).toFixed(2)),
      targetRatio: 1.5,
      peakRssMb: rss,
      tickDays: series?.days ?? null,
      // Where the import's time went, seconds: the workers' stages (summed over both when the file
      // is read in two ranges), then this thread's wall time for the read, the tick commit and the bar write.
      ...Object.fromEntries(
        Object.entries(stages ?? {}).map(([k, v]) => [
          `stage_${k.replace(/Ms$/, 'Sec')}`,
          Number((v / 1000).toFixed(2)),
        ]),
      ),
      splitReads: tickSplitStats.split,
      loadAverage1mAtStart: Number(load0.toFixed(2)),
      loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
    });
    // Apart from the import's figures: the month is the same ~4.2M ticks whatever BENCH_TICKS (from 4.2M).
    recordBench('ticks-bars-on-read', {
      monthTicks: month.value.ticks,
      monthBars1m: month.value.bars,
      firstReadSec: Number((month.wall / 1000).toFixed(3)),
      firstReadCpuSec: Number((month.cpu / 1000).toFixed(3)),
      // The same month read again once the decode worker runs (the app's case).
      againSec: Number((monthAgain.wall / 1000).toFixed(3)),
      againCpuSec: Number((monthAgain.cpu / 1000).toFixed(3)),
      targetSec: 1,
      cores: os.availableParallelism(),
      loadAverage1m: Number(monthLoad.toFixed(2)),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
