import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { filesUnder as files } from '../../helpers/files-under';
import { barsCsv, CLI, fileTempDir, minuteBars, T0 } from '../../main/catalog/helpers';

// Hardening item 12: a full disk, a read-only folder, a missing permission or a file where a folder
// should be is a plain message naming the path, exit 2; a failed write leaves no file behind; what
// dead processes left (temp files, staging folders) goes at the next start and at verify.

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const tmp = fileTempDir('barcat-hard-disk-');

/** n 1m bars of a random walk as canonical CSV: full-entropy doubles, so Parquet cannot shrink them much. */
function noisyCsv(n: number): string {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = ['ts,open,high,low,close,volume'];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const c = p + rnd() - 0.5;
    const ts = new Date(T0 + i * MINUTE).toISOString();
    lines.push(`${ts},${p},${Math.max(p, c) + rnd()},${Math.min(p, c) - rnd()},${c},${rnd() * 1000}`);
    p = c;
  }
  return `${lines.join('\n')}\n`;
}

function barcat(args: string[], opts: { uid?: number } = {}) {
  return spawnSync('node', [CLI, ...args], { encoding: 'utf8', uid: opts.uid, gid: opts.uid });
}

const mnt = path.join(tmp.dir, 'small-disk');
const isRoot = process.getuid?.() === 0;
const note = isRoot ? '' : ' [SKIPPED: needs root to mount a 2 MB tmpfs]';

describe.skipIf(!isRoot)(`a catalog on a full or read-only disk${note}`, () => {
  const big = path.join(tmp.dir, 'big.csv');
  let before: string[];
  // Mounted when the block runs, not when the file is collected (a listing mounts nothing); a root
  // that may not mount (a container without the right) skips the block's tests.
  let mounted = false;
  beforeEach((ctx) => {
    if (!mounted) ctx.skip('could not mount a 2 MB tmpfs');
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });
  beforeAll(async () => {
    mkdirSync(mnt);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]).status === 0;
    if (!mounted) return;
    const catalog = await openCatalog(mnt, { create: true });
    await catalog.write(KEY, batchFromBars(minuteBars(T0, 10)), 'merge');
    await catalog.close();
    before = files(mnt);
    // About 6 MB of Parquet in five monthly files: the 2 MB disk fills up midway.
    writeFileSync(big, noisyCsv(200_000));
  });

  it('write: exit 2 naming the file it could not write; the catalog is as before, no temp file left', () => {
    const r = barcat(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', big, '--catalog', mnt]);
    expect(r.stderr).toMatch(
      new RegExp(
        `^barcat: no space left on the disk holding ${mnt}/bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-0\\d\\.v2\\.parquet \\(ENOSPC\\); free some space and run it again\\n$`,
      ),
    );
    expect(r.status).toBe(2);
    expect(files(mnt)).toEqual(before);
    const list = barcat(['list', '--json', '--catalog', mnt]);
    expect(JSON.parse(list.stdout).map((s: { id: string; rows: number }) => [s.id, s.rows])).toEqual([
      ['BINANCE:BTCUSDT:1m', 10],
    ]);
    expect(barcat(['verify', '--catalog', mnt]).stdout).toBe('1 partitions checked, 1 ok, 0 quarantined\n');
  });

  it('import: the file fails with the same plain reason, exit 2, no staging or temp file left', () => {
    // The importer knows a time column as "time", not as the canonical "ts".
    const vendor = path.join(tmp.dir, 'vendor.csv');
    writeFileSync(vendor, readFileSync(big, 'utf8').replace(/^ts,/, 'time,'));
    const r = barcat(['import', vendor, '--series', 'BINANCE:ETHUSDT:1m', '--catalog', mnt]);
    expect(r.stderr).toMatch(
      /^barcat: vendor\.csv: no space left on the disk holding \/\S+ \(ENOSPC\); free some space and run it again\n$/,
    );
    expect(r.status).toBe(2);
    // The import's audit record and registry are the only new files: no data, no leftovers.
    expect(files(mnt).filter((f) => !f.startsWith('audit/') && f !== 'import-registry.json')).toEqual(before);
  });

  it('a read-only disk: readers work, a write says read-only, exit 2', () => {
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    try {
      const r = barcat(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', big, '--catalog', mnt]);
      expect(r.stderr).toBe(
        `barcat: ${mnt}/.lock is on a read-only file system (EROFS); choose a writable folder\n`,
      );
      expect(r.status).toBe(2);
      expect(barcat(['list', '--catalog', mnt]).status).toBe(0);
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', mnt]);
    }
  });
});

describe('folders that cannot hold a catalog', () => {
  it('a file where a folder should be: ENOTDIR, exit 2, naming the path', () => {
    const file = path.join(tmp.dir, 'a-file');
    writeFileSync(file, '');
    const csv = path.join(tmp.dir, 'two.csv');
    writeFileSync(csv, barsCsv(minuteBars(T0, 2)));
    const r = barcat([
      'write',
      'BINANCE:BTCUSDT:1m',
      '--mode',
      'merge',
      csv,
      '--create',
      '--catalog',
      `${file}/cat`,
    ]);
    expect(r.stderr).toBe(
      `barcat: ${file}/cat: part of this path is a file, not a folder (ENOTDIR); check the path\n`,
    );
    expect(r.status).toBe(2);
  });

  it.skipIf(!isRoot)('no permission (run as another user): EACCES, exit 2, naming the path', async () => {
    const cat = path.join(tmp.dir, 'not-yours');
    const catalog = await openCatalog(cat, { create: true });
    await catalog.close();
    chmodSync(tmp.dir, 0o755);
    chmodSync(cat, 0o755);
    const csv = path.join(tmp.dir, 'small.csv');
    writeFileSync(csv, barsCsv(minuteBars(T0, 2)));
    chmodSync(csv, 0o644);
    const r = barcat(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', csv, '--catalog', cat], {
      uid: 65534,
    });
    expect(r.stderr).toBe(
      `barcat: no permission to access ${cat}/.lock (EACCES); check the owner and permissions of the folder\n`,
    );
    expect(r.status).toBe(2);
  });
});

describe('leftovers of processes that are gone', () => {
  it('go at the next start (catalog folder, manifests, staging) and at verify (series folders)', async () => {
    const cat = path.join(tmp.dir, 'leftovers');
    const catalog = await openCatalog(cat, { create: true });
    await catalog.write(KEY, batchFromBars(minuteBars(T0, 3)), 'merge');
    await catalog.close();
    // Beyond any pid_max: a process that is certainly gone. This test's own pid is alive.
    const dead = 4_194_305;
    const series = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';
    const leftovers = [
      `.import-registry.json.${dead}-a1.tmp`,
      `manifests/.BINANCE~BTCUSDT~1m.json.${dead}-b2.tmp`,
      `${series}/.2024-01.v2.parquet.${dead}-c3.tmp`,
    ];
    const live = `manifests/.X~Y~1m.json.${process.pid}-d4.tmp`;
    for (const f of [...leftovers, live]) writeFileSync(path.join(cat, f), 'partial');
    mkdirSync(path.join(cat, `.staging/${dead}-e5`), { recursive: true });
    writeFileSync(path.join(cat, `.staging/${dead}-e5/2024-01.parquet`), 'partial');
    const list = barcat(['list', '--catalog', cat]);
    expect(list.status).toBe(0);
    expect(files(cat).filter((f) => f.includes('.tmp') || f.startsWith('.staging'))).toEqual(
      [leftovers[2], live].sort(),
    );
    const verify = barcat(['verify', '--catalog', cat]);
    expect(verify.stdout).toBe(
      `1 partitions checked, 1 ok, 0 quarantined\nremoved ${path.join(cat, leftovers[2]!)} (left by a process that is gone)\n`,
    );
    expect(verify.status).toBe(0);
    expect(files(cat).filter((f) => f.includes('.tmp'))).toEqual([live]);
  });
});
