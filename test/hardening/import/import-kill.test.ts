import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { type AuditRecord, closeImportWorkers, runImport } from '../../../src-main/engines/import/index';
import type { Bar } from '../../../src-shared/domain/bar';
import { filesUnder } from '../../helpers/files-under';
import { fileTempDir, minuteBars, repoRoot, storedBars } from '../../main/catalog/helpers';
import { barcat } from '../import-cli';

// A real `barcat import` killed (SIGKILL) at every crash point it passes, through the plain path
// (the bundled CLI) and the streamed path (a child running runImport with every file "large").
// Both commit a file with ONE catalog write whose manifest rename is the single commit point
// (file-import.ts, pipeline.ts): the atomicity unit is the whole file, across all its partitions.
const CLI = path.join(repoRoot, 'out/node/barcat.js');
const CHILD = path.join(repoRoot, 'test/hardening/import/import-kill-child.ts');
const KEY = { venue: 'CSV', symbol: 'KILL', timeframe: '1m' } as const;
const SERIES_DIR = 'bars/venue=CSV/symbol=KILL/timeframe=1m';
const MANIFEST = 'manifests/CSV~KILL~1m.json';
const JAN = Date.UTC(2021, 0, 1);
const MINUTE = 60_000;
// Old state: 100 bars early in January. The file: Jan 20 .. Feb 10, so January is merged (its old
// file superseded) and February is a new partition.
const OLD = minuteBars(JAN, 100, 50);
const FILE_ROWS = 10_000;
const FILE_T0 = JAN + 27 * 1440 * MINUTE;

// The crash points both paths pass from the partition renames to the import registry, in order.
const COMMIT_POINTS = [
  'partition-renamed#1',
  'partition-renamed#2',
  'before-manifest#1',
  'manifest-temp-written#1',
  'after-manifest#1',
  'superseded-deleted#1',
  'import-registry-written#1',
];

// Every crash point an import passes, in order; each is tried at occurrence #1, #2, ... until the
// import runs through (so a point reached more often than listed is still covered).
const STAGES = [
  'import-audit-written', // #1 the session record ("running"), #2 the final one
  'write-start',
  'partition-temp-written',
  'partition-renamed',
  'before-manifest',
  'manifest-temp-written',
  'after-manifest',
  'superseded-deleted',
  'import-registry-written',
];
/** Kills from which the file's bars are in the catalog: the manifest rename has happened. */
function committed(stage: string, n: number): boolean {
  if (stage === 'import-audit-written') return n === 2;
  return ['after-manifest', 'superseded-deleted', 'import-registry-written'].includes(stage);
}

function fileCsv(): string {
  const out = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < FILE_ROWS; i++) {
    const p = (1.1 + (i % 997) * 0.001).toFixed(5);
    out.push(
      `${new Date(FILE_T0 + i * MINUTE).toISOString().slice(0, 19)}Z,${p},${p},${p},${p},${100 + (i % 90)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

const barsOf = (dir: string): Promise<Bar[]> => storedBars(dir, KEY);

/** No temp, staging or quarantined file anywhere; the series folder holds exactly the manifest's partitions. */
function assertNoLeftovers(dir: string): void {
  expect(
    filesUnder(dir).filter(
      (f) => f.includes('.tmp') || f.startsWith('.staging') || f.startsWith('.quarantine'),
    ),
  ).toEqual([]);
  expect(existsSync(path.join(dir, '.staging'))).toBe(false);
  const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as {
    partitions: { file: string }[];
  };
  expect(readdirSync(path.join(dir, SERIES_DIR)).sort()).toEqual(
    manifest.partitions.map((p) => p.file).sort(),
  );
}

function audits(dir: string): AuditRecord[] {
  return (
    readdirSync(path.join(dir, 'audit'))
      // Import records only, as listAudit reads them: the folder also holds series-operations.jsonl.
      .filter((n) => n.endsWith('.json'))
      .map((n) => JSON.parse(readFileSync(path.join(dir, 'audit', n), 'utf8')) as AuditRecord)
  );
}

type Path = {
  name: string;
  /** Whether the import stages its partitions in CATALOG/.staging before the catalog write. */
  staged: boolean;
  /** Every kill point this path passes, in order (the whole list is proven by the runs). */
  points: string[];
  /** One import of `file` into `dir` in a child process, killed at BARCAT_CRASH_AT when set. */
  child(dir: string, file: string, crashAt?: string): SpawnSyncReturns<Buffer>;
  /** The same import again, in this process; returns the file's status. */
  rerun(dir: string, file: string): Promise<string | undefined>;
};

const PATHS: Path[] = [
  {
    name: 'plain (bundled CLI)',
    staged: false,
    // Both partitions encoded to temp files and renamed in place (January merged with its old bars).
    points: [
      'import-audit-written#1',
      'import-audit-written#2',
      'write-start#1',
      'partition-temp-written#1',
      'partition-temp-written#2',
      ...COMMIT_POINTS,
    ],
    child: (dir, file, crashAt) =>
      spawnSync(process.execPath, [CLI, 'import', file, '--catalog', dir], {
        env: { ...process.env, BARCAT_CRASH_AT: crashAt ?? '' },
      }),
    rerun: async (dir, file) => {
      const r = await barcat(['import', file, '--catalog', dir, '--json'], dir);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { files: { status: string }[] }).files[0]?.status;
    },
  },
  {
    name: 'streamed (runImport, streamBytes 1)',
    staged: true,
    // January is merged (encoded to a temp file, renamed); February's staged file is renamed in.
    points: [
      'import-audit-written#1',
      'import-audit-written#2',
      'write-start#1',
      'partition-temp-written#1',
      ...COMMIT_POINTS,
    ],
    child: (dir, file, crashAt) =>
      spawnSync(process.execPath, ['--import', 'tsx', CHILD, dir, file], {
        cwd: repoRoot,
        env: { ...process.env, BARCAT_CRASH_AT: crashAt ?? '' },
      }),
    rerun: async (dir, file) => {
      const cat = await openCatalog(dir);
      try {
        return (await runImport(cat, { paths: [file] }, { streamBytes: 1 })).files[0]?.status;
      } finally {
        await cat.close();
      }
    },
  },
];

const tmp = fileTempDir('barcat-import-kill-');
let base: string;
let file: string;
let oldBars: Bar[];

beforeAll(async () => {
  base = path.join(tmp.dir, 'base');
  const cat = await openCatalog(base);
  await cat.write(KEY, batchFromBars(OLD), 'merge');
  await cat.close();
  file = path.join(tmp.dir, 'KILL_1m.csv');
  writeFileSync(file, fileCsv());
  oldBars = await barsOf(base);
});
afterAll(async () => {
  await closeImportWorkers();
});

describe.each(PATHS)('an import killed at every crash point: $name', (p) => {
  let newBars: Bar[];
  const covered: string[] = [];

  it('runs through uninterrupted: the reference new state', async () => {
    const dir = path.join(tmp.dir, `${p.name.split(' ')[0]}-clean`);
    cpSync(base, dir, { recursive: true });
    const r = p.child(dir, file);
    expect(r.status, r.stderr.toString()).toBe(0);
    newBars = await barsOf(dir);
    expect(newBars.length).toBe(OLD.length + FILE_ROWS);
    expect(newBars.slice(0, OLD.length)).toEqual(oldBars);
    expect(newBars.slice(OLD.length).map((b) => b.ts)).toEqual(
      Array.from({ length: FILE_ROWS }, (_, i) => FILE_T0 + i * MINUTE),
    );
    expect(audits(dir).map((a) => a.status)).toEqual(['ok']);
    assertNoLeftovers(dir);
  });

  for (const stage of STAGES) {
    it(`killed at each occurrence of ${stage}: old or new state, verify clean, rerun completes`, async () => {
      for (let n = 1; ; n++) {
        const dir = path.join(tmp.dir, `${p.name.split(' ')[0]}-${stage}-${n}`);
        cpSync(base, dir, { recursive: true });
        const r = p.child(dir, file, `${stage}#${n}`);
        if (r.status === 0) {
          // Ran through: this point is reached n-1 times; every one of them was killed above.
          expect(n, `${stage} is never reached`).toBeGreaterThan(1);
          expect(await barsOf(dir)).toEqual(newBars);
          break;
        }
        expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
        covered.push(`${stage}#${n}`);
        // The path under test: the streamed import has staged the file before its catalog write.
        if (stage === 'write-start') expect(existsSync(path.join(dir, '.staging'))).toBe(p.staged);

        // The whole file or none of it: never a part of its partitions.
        const v = await barcat(['verify', '--catalog', dir, '--json'], dir);
        expect(v.code, v.stdout).toBe(0);
        const report = JSON.parse(v.stdout) as { quarantined: unknown[]; unlisted?: unknown[] };
        expect(report.quarantined).toEqual([]);
        expect(report.unlisted ?? []).toEqual([]);
        expect(await barsOf(dir)).toEqual(committed(stage, n) ? newBars : oldBars);
        assertNoLeftovers(dir);

        // The next run imports it again (or finds it unchanged once the registry says imported).
        const status = await p.rerun(dir, file);
        const registered =
          stage === 'import-registry-written' || (stage === 'import-audit-written' && n === 2);
        expect(status).toBe(registered ? 'unchanged' : 'imported');
        expect(await barsOf(dir)).toEqual(newBars);
        assertNoLeftovers(dir);
        const killed = audits(dir).find((a) => a.pid === r.pid);
        // Only a kill after the final record leaves it "ok"; every earlier one is marked failed.
        expect(killed?.status).toBe(stage === 'import-audit-written' && n === 2 ? 'ok' : 'failed');
        expect(
          audits(dir)
            .filter((a) => a.pid !== r.pid)
            .map((a) => a.status),
        ).toEqual(['ok']);
      }
    });
  }

  it('passed exactly the listed kill points', () => {
    expect(covered).toEqual(p.points);
  });
});
