// Event-window lake: one million events over 100 instruments (1-minute series), 60 bars before and
// 60 from each event, cut into a sealed Parquet lake; then the export is verified. Time and peak RSS
// (target: bounded memory, i.e. peak RSS independent of the event count). BENCH_LAKE_EVENTS scales it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allocBatch, openCatalog } from '../src-main/engines/catalog/index';
import { exportWindows, verifyExport } from '../src-main/engines/export/lake/index';
import { ms, peakRssMb, recordBench } from './record';

const MIN = 60_000;
const INSTRUMENTS = 100;
const EVENTS = Number(process.env.BENCH_LAKE_EVENTS ?? 1_000_000);
const DAYS = 30;
const BARS = DAYS * 24 * 60;
const T0 = Date.UTC(2024, 0, 1);
const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-bench-lake-'));

try {
  const catalog = await openCatalog(path.join(dir, 'cat'));
  for (let k = 0; k < INSTRUMENTS; k++) {
    const b = allocBatch(BARS);
    for (let i = 0; i < BARS; i++) {
      const p = 100 + k + Math.sin(i / 300) * 10;
      b.ts[i] = T0 + i * MIN;
      b.open[i] = p;
      b.high[i] = p + 1;
      b.low[i] = p - 1;
      b.close[i] = p + 0.5;
      b.volume[i] = 1 + ((i * 7 + k) % 101);
    }
    await catalog.write({ venue: 'BENCH', symbol: `S${k}`, timeframe: '1m' }, b, 'merge');
  }
  // Events in no particular order (the export sorts them), spread over the month's middle.
  const lines = ['instrument,timestamp,event_id'];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let e = 0; e < EVENTS; e++) {
    const t = T0 + 120 * MIN + Math.floor(rand() * (BARS - 240)) * MIN + Math.floor(rand() * 60) * 1000;
    lines.push(`BENCH:S${Math.floor(rand() * INSTRUMENTS)}:1m,${new Date(t).toISOString()},e${e}`);
  }
  const events = path.join(dir, 'events.csv');
  writeFileSync(events, `${lines.join('\n')}\n`);
  lines.length = 0;
  let start = performance.now();
  const r = await exportWindows(catalog, { events, pre: 60, post: 60, out: path.join(dir, 'lake') }, dir);
  const exportMs = ms(start);
  const exportRss = peakRssMb();
  start = performance.now();
  const v = await verifyExport(path.join(dir, 'lake'));
  const verifyMs = ms(start);
  if (v.problems.length > 0) throw new Error(v.problems.join('\n'));
  await catalog.close();
  recordBench('lake', {
    events: EVENTS,
    instruments: INSTRUMENTS,
    window: '60+60 1m bars',
    rows: r.totals.rows,
    files: r.files,
    exportMs,
    rowsPerSec: Math.round(r.totals.rows / (exportMs / 1000)),
    peakRssAfterExportMb: exportRss,
    verifyMs,
    peakRssMb: peakRssMb(),
    loadAverage1m: os.loadavg()[0]!.toFixed(1),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
