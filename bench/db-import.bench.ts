// Migration from PostgreSQL (issue 17): BENCH_DB_ROWS rows (default 10M: 10 symbols of 1m bars) in a
// private PostgreSQL, moved by `import-db` (COPY stream, rows read through the rules by two worker
// threads, staged partitions, one commit per series per --chunk-rows), by the same on one thread
// (rowWorkers 0), by the same committing every 1M rows, and by the two-step path: COPY each symbol TO
// a CSV file, then Barcat's CSV import of those files. Each runs in its own process (peak RSS is its
// own); the server's CPU is counted beside each. Opt-in (minutes, GBs): BENCH_DB=1 npm run bench db-import.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openCatalog } from '../src-main/engines/catalog/index';
import { DEFAULT_CHUNK_ROWS, describeAndPlan, planInputOf } from '../src-main/engines/databases/index';
import { callDbWorker } from '../src-main/engines/databases/worker-call';
import { runImport } from '../src-main/engines/import/index';
import { startPostgres } from '../test/helpers/db-servers/postgres';
import { peakRssMb, recordBench } from './record';

const SYMBOLS = 10;
const PATHS = ['import-db', 'import-db-1thread', 'import-db-commit-1m', 'copy-csv'];

async function importDb(
  url: string,
  dir: string,
  opts: { rowWorkers?: number; chunkRows?: number } = {},
): Promise<Record<string, number>> {
  const plan = await describeAndPlan(
    planInputOf({ url, table: 'bars', seriesFrom: ['venue', 'symbol'], timeframe: '1m' }),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await callDbWorker({
    kind: 'import',
    req: {
      plan,
      catalogDir: dir,
      open: { create: true },
      mode: 'skip',
      onError: 'skip',
      chunkRows: opts.chunkRows ?? DEFAULT_CHUNK_ROWS,
      rowWorkers: opts.rowWorkers,
    },
  });
  const sec = (performance.now() - t0) / 1000;
  const cpuSec = cpuSince(cpu0);
  // The peak so far is the migration's own; the parity check's is measured apart (resetPeakRss).
  const importPeakRssMb = peakRssMb();
  if (r.kind !== 'import') throw new Error('unexpected answer');
  const parityApart = resetPeakRss();
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const p = await callDbWorker({ kind: 'parity', plan, catalogDir: dir, open: { create: false } });
  const paritySec = (performance.now() - t1) / 1000;
  // The peak since the reset, or (clear_refs not writable) the whole run's: either way it holds parity's.
  const peakAfterParityMb = peakRssMb();
  const parityPeakRssMb = parityApart ? peakAfterParityMb : null;
  if (p.kind !== 'parity' || !p.report.ok) throw new Error('parity failed');
  if (p.report.method !== 'aggregate') throw new Error('parity did not take the aggregate path');
  const st = r.result.stages;
  return {
    rows: r.result.written.added,
    sec,
    cpuSec,
    paritySec,
    parityCpuSec: cpuSince(cpu1),
    peakRssMb: Math.max(importPeakRssMb, peakAfterParityMb),
    importPeakRssMb,
    ...(parityPeakRssMb === null ? {} : { parityPeakRssMb }),
    readSec: st.readMs / 1000,
    rulesSec: st.rulesMs / 1000,
    stageSec: st.stageMs / 1000,
    commitSec: st.commitMs / 1000,
    watermarkSec: st.watermarkMs / 1000,
  };
}

/**
 * Restarts the process's peak RSS from its current RSS (Linux: clear_refs 5 resets VmHWM, which
 * maxRSS reads), so the next peak is the parity check's own; false where that is not possible.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The private server's postmaster, found by its port on its command line. */
function postmasterPid(port: number): number | null {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const cmd = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        return [];
      }
    })();
    if (cmd[0]?.endsWith('postgres') && cmd[cmd.indexOf('-p') + 1] === String(port)) return Number(pid);
  }
  return null;
}

/**
 * CPU seconds of the server: the postmaster and its exited children (backends it reaped), plus the
 * backends still running. Linux /proc only; 0 elsewhere.
 */
function serverCpuSec(pid: number | null): number {
  if (pid === null) return 0;
  const ticks = (p: string, fields: number[]) => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return fields.reduce((s, i) => s + Number(f[i] ?? 0), 0);
    } catch {
      return 0;
    }
  };
  let sum = ticks(String(pid), [11, 12, 13, 14]);
  for (const child of readdirSync('/proc').filter((d) => /^\d+$/.test(d)))
    if (ticks(child, [1]) === pid) sum += ticks(child, [11, 12]);
  return sum / 100;
}

/** CPU seconds of this process (every thread: the worker's too) since `from`. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

async function copyThenCsv(url: string, dir: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const files: string[] = [];
  for (let s = 0; s < SYMBOLS; s++) {
    const file = path.join(dir, `S${s}.csv`);
    const sql = `COPY (SELECT ts, open, high, low, close, volume FROM bars WHERE symbol = 'S${s}' ORDER BY ts) TO STDOUT WITH (FORMAT csv, HEADER)`;
    await pipeline(client.query(copyTo(sql)), createWriteStream(file));
    files.push(file);
  }
  await client.end();
  const copySec = (performance.now() - t0) / 1000;
  const catalog = await openCatalog(path.join(dir, 'cat'), { create: true });
  const t1 = performance.now();
  let rows = 0;
  for (const [s, file] of files.entries()) {
    const r = await runImport(catalog, {
      paths: [file],
      overrides: { venue: 'BINANCE', symbol: `S${s}`, timeframe: '1m' },
    });
    rows += r.rowsWritten;
  }
  const importSec = (performance.now() - t1) / 1000;
  await catalog.close();
  // The COPY's client side is pg's stream into a file: nearly all of its CPU is the server's, not counted here.
  return {
    rows,
    sec: copySec + importSec,
    copySec,
    importSec,
    cpuSec: cpuSince(cpu0),
    peakRssMb: peakRssMb(),
  };
}

async function child(kind: string, url: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-bench-db-'));
  try {
    const r =
      kind === 'import-db'
        ? await importDb(url, path.join(dir, 'cat'))
        : kind === 'import-db-1thread'
          ? await importDb(url, path.join(dir, 'cat'), { rowWorkers: 0 })
          : kind === 'import-db-commit-1m'
            ? await importDb(url, path.join(dir, 'cat'), { chunkRows: 1_000_000 })
            : await copyThenCsv(url, dir);
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3] as string, process.argv[4] as string);
  if (process.env.BENCH_DB !== '1') {
    console.log('db-import: skipped (BENCH_DB=1 runs it: a private PostgreSQL, minutes)');
    return;
  }
  const rows = Number(process.env.BENCH_DB_ROWS ?? 10_000_000);
  // BENCH_DB_PATHS=import-db-1thread,import-db runs only those paths (a 50M run of all four takes an hour).
  const kinds = process.env.BENCH_DB_PATHS?.split(',') ?? PATHS;
  const unknown = kinds.filter((k) => !PATHS.includes(k));
  if (unknown.length > 0)
    throw new Error(`BENCH_DB_PATHS: unknown ${unknown.join(', ')}; known: ${PATHS.join(', ')}`);
  const server = await startPostgres();
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(
      'CREATE TABLE bars (venue text, symbol text, ts timestamptz, open float8, high float8, low float8, close float8, volume float8)',
    );
    const per = Math.floor(rows / SYMBOLS);
    await client.query(
      `INSERT INTO bars SELECT 'BINANCE', 'S' || s, timestamptz '2000-01-01 00:00:00+00' + g * interval '1 minute',
         100 + (g % 997) / 8.0, 101 + (g % 997) / 8.0, 99 + (g % 997) / 8.0, 100.5 + (g % 997) / 8.0, g % 1000
       FROM generate_series(0, ${SYMBOLS - 1}) s, generate_series(0, ${per - 1}) g`,
    );
    // Set the rows' hint bits and statistics now: the first reader would otherwise pay for them.
    await client.query('VACUUM (FREEZE, ANALYZE) bars');
    await client.end();
    const out: Record<string, Record<string, number>> = {};
    const loadAtStart = os.loadavg()[0] as number;
    console.log(
      `db-import: ${rows} rows loaded; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (2 cores)`,
    );
    const serverPid = postmasterPid(server.port);
    for (const kind of kinds) {
      const server0 = serverCpuSec(serverPid);
      const loadBefore = os.loadavg()[0] as number;
      const r = spawnSync('npx', ['tsx', fileURLToPath(import.meta.url), '--child', kind, server.url], {
        encoding: 'utf8',
      });
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`${kind} failed:\n${r.stdout}\n${r.stderr}`);
      out[kind] = { ...JSON.parse(line.slice(7)), serverCpuSec: serverCpuSec(serverPid) - server0 };
      out[kind].loadBefore = loadBefore;
      out[kind].loadAfter = os.loadavg()[0] as number;
      console.log(`${kind}: ${JSON.stringify(out[kind])}`);
    }
    // Only a run of every path is recorded (results.json compares them side by side).
    if (kinds.length < PATHS.length) return;
    const f = (x: number | undefined) => Number(x?.toFixed(1));
    const figures = (name: string, r: Record<string, number>) => ({
      [`${name}Sec`]: f(r.sec),
      [`${name}CpuSec`]: f(r.cpuSec),
      [`${name}ServerCpuSec`]: f(r.serverCpuSec),
      [`${name}RowsPerSec`]: Math.round((r.rows ?? 0) / (r.sec ?? 1)),
      [`${name}PeakRssMb`]: r.peakRssMb ?? null,
      ...(r.importPeakRssMb === undefined ? {} : { [`${name}ImportPeakRssMb`]: r.importPeakRssMb }),
      ...(r.parityPeakRssMb === undefined ? {} : { [`${name}ParityPeakRssMb`]: r.parityPeakRssMb }),
      [`${name}LoadAfter`]: f(r.loadAfter),
    });
    const stages = (r: Record<string, number>) =>
      [r.readSec, r.rulesSec, r.stageSec, r.commitSec, r.watermarkSec].map((x) => x?.toFixed(1)).join(' / ');
    const a = out['import-db'] as Record<string, number>;
    const one = out['import-db-1thread'] as Record<string, number>;
    const c1m = out['import-db-commit-1m'] as Record<string, number>;
    const b = out['copy-csv'] as Record<string, number>;
    recordBench(rows >= 10_000_000 ? 'db-import-10m' : 'db-import', {
      rows: per * SYMBOLS,
      ...figures('importDb', a),
      'importDb stages sec: read (server+COPY+rules in workers) / merge / stage (sort+encode) / commit / watermark':
        stages(a),
      paritySec: f(a.paritySec),
      parityCpuSec: f(a.parityCpuSec),
      ...figures('importDb1Thread', one),
      'importDb1Thread stages sec: read (server+COPY+split+rules) / merge / stage / commit / watermark':
        stages(one),
      ...figures('importDbCommit1m', c1m),
      'importDbCommit1m stages sec: read / merge / stage / commit / watermark': stages(c1m),
      ...figures('copyCsv', b),
      copyCsvCopySec: f(b.copySec),
      copyCsvImportSec: f(b.importSec),
      'load average at start (2 cores)': Number(loadAtStart.toFixed(1)),
      'load average at end': Number(os.loadavg()[0]?.toFixed(1)),
    });
  } finally {
    server.stop();
  }
}

await main();
