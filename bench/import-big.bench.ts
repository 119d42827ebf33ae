// The "a 5 GB file imports with peak RSS under 500 MB": 5 GiB of 1-minute ISO bars (94M
// rows, 1900-2079, generated once into os.tmpdir(): about 2.5 minutes), imported into a fresh
// catalog, then imported again (found unchanged from its hash). Opt-in, it takes minutes and 5 GiB
// of disk: BENCH_BIG=1 npm run bench import-big. Without it, the figures last recorded stay.
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalog } from '../src-main/engines/catalog/index';
import { runImport } from '../src-main/engines/import/index';
import { peakRssMb, recordBench } from './record';

const BYTES = 5 * 1024 ** 3;
const csv = path.join(os.tmpdir(), 'barcat-import-big-5gib.csv');

function generate(): number {
  if (existsSync(csv)) return -1;
  const fd = openSync(`${csv}.tmp`, 'w');
  const buf = Buffer.allocUnsafe(8 << 20);
  let at = buf.write('timestamp,open,high,low,close,volume\n', 0, 'latin1');
  let written = 0;
  let t = Date.UTC(1900, 0, 1);
  let p = 1.1;
  let seed = 7;
  let rows = 0;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  while (written + at < BYTES) {
    const o = p;
    p = Math.max(0.5, p + (rand() - 0.5) * 0.0004);
    const h = Math.max(o, p) + rand() * 0.0002;
    const l = Math.min(o, p) - rand() * 0.0002;
    const iso = new Date(t).toISOString().slice(0, 19);
    at += buf.write(
      `${iso}Z,${o.toFixed(5)},${h.toFixed(5)},${l.toFixed(5)},${p.toFixed(5)},${Math.floor(rand() * 1000)}\n`,
      at,
      'latin1',
    );
    if (at > buf.length - 256) {
      writeSync(fd, buf, 0, at);
      written += at;
      at = 0;
    }
    t += 60_000;
    rows++;
  }
  writeSync(fd, buf, 0, at);
  closeSync(fd);
  renameSync(`${csv}.tmp`, csv);
  return rows;
}

async function main(): Promise<void> {
  if (process.env.BENCH_BIG !== '1') {
    console.log('import-big: skipped (BENCH_BIG=1 runs it: 5 GiB of disk, several minutes)');
    return;
  }
  generate();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-import-big-'));
  try {
    const catalog = await openCatalog(path.join(dir, 'cat'));
    const request = { paths: [csv], overrides: { symbol: 'BIG', timeframe: '1m' as const } };
    const t0 = performance.now();
    const first = await runImport(catalog, request);
    const importSec = (performance.now() - t0) / 1000;
    const rss = peakRssMb();
    const listed = (await catalog.listSeries())[0];
    const t1 = performance.now();
    const again = await runImport(catalog, request);
    const againSec = (performance.now() - t1) / 1000;
    await catalog.close();
    if (first.files[0]?.status !== 'imported') throw new Error(`import failed: ${first.files[0]?.message}`);
    if (again.files[0]?.status !== 'unchanged') throw new Error('the second import was not found unchanged');
    recordBench('import-big', {
      csvGb: Number((BYTES / 1e9).toFixed(2)),
      rows: first.rowsWritten,
      importSec: Number(importSec.toFixed(1)),
      rowsPerSec: Math.round(first.rowsWritten / importSec),
      peakRssMb: rss,
      targetRssMb: 500,
      partitions: listed?.partitions ?? null,
      catalogMb: listed ? Math.round(listed.bytes / 1e6) : null,
      unchangedReimportSec: Number(againSec.toFixed(1)),
      loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
