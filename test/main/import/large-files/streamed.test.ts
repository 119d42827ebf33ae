import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../../src-main/engines/catalog/types';
import { STAGING_DIR } from '../../../../src-main/engines/catalog/write/staging';
import { hashStats, REGISTRY_FILE } from '../../../../src-main/engines/import/files/registry';
import { closeImportWorkers, runImport, warmImportWorkers } from '../../../../src-main/engines/import/index';
import { importWorkerThreads } from '../../../../src-main/engines/import/readers';
import { streamStats } from '../../../../src-main/engines/import/session/pipeline';
import type { RunOptions } from '../../../../src-main/engines/import/session/run';
import type { ImportRequest, ImportSummary } from '../../../../src-shared/domain/import';
import { tempDirEach } from '../../catalog/helpers';
import { snapshot } from '../helpers';

// Large files are streamed: two workers parse a byte range each and stage partitions as they
// complete; here every file is "large" (streamBytes 1) and is compared with the plain read.
const STREAMED: RunOptions = { streamBytes: 1 };
const PLAIN: RunOptions = { streamBytes: Number.POSITIVE_INFINITY };
const HEADER = 'timestamp,open,high,low,close,volume\n';

const tmp = tempDirEach('barcat-imp-');
let dataDir: string;
const catalogs: Catalog[] = [];

beforeEach(() => {
  dataDir = path.join(tmp(), 'data');
  mkdirSync(dataDir);
});
afterEach(async () => {
  for (const c of catalogs.splice(0)) await c.close();
});

async function freshCatalog(name: string): Promise<Catalog> {
  const c = await openCatalog(path.join(tmp(), name));
  catalogs.push(c);
  return c;
}

/** Fixed-width rows (every row the same number of bytes), so edits keep the file's cut point. */
function rows(n: number, startIso: string, stepMs: number): string[] {
  const t0 = Date.parse(startIso);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = 1.1 + (i % 997) * 0.001;
    const c = o + 0.0002;
    const v = String(100 + (i % 9000)).padStart(5, '0');
    out.push(
      `${new Date(t0 + i * stepMs).toISOString().slice(0, 19)}Z,${o.toFixed(5)},${(c + 0.0003).toFixed(5)},${(o - 0.0003).toFixed(5)},${c.toFixed(5)},${v}`,
    );
  }
  return out;
}

/** Index of the first row of the second range (the streaming import cuts just after the middle newline). */
function rowAtCut(lines: string[]): number {
  const width = (lines[0] as string).length + 1;
  const size = HEADER.length + lines.length * width - 1; // no newline after the last row
  const half = Math.floor(size / 2);
  return Math.ceil((half - HEADER.length + 1) / width);
}

/**
 * What must not differ between the two paths: the summary less its timings and ids, and the
 * manifests less write times and file hashes (parquet-wasm orders key-value metadata by a seeded
 * hash map, so two encodes of the same bars can differ in bytes; the bars are compared by query).
 */
function comparable(s: ImportSummary, catalogDir: string) {
  const manifests = readdirSync(path.join(catalogDir, 'manifests')).map((f) => {
    const m = JSON.parse(readFileSync(path.join(catalogDir, 'manifests', f), 'utf8'));
    return {
      ...m,
      lastWrite: null,
      partitions: m.partitions.map((p: object) => ({ ...p, writtenAt: 0, sha256: '' })),
    };
  });
  return {
    status: s.status,
    files: s.files.map((f) => ({ ...f, ms: 0 })),
    rowsRead: s.rowsRead,
    rowsWritten: s.rowsWritten,
    rowsSkipped: s.rowsSkipped,
    rowsInvalid: s.rowsInvalid,
    manifests,
  };
}

/** Every bar of every series, as plain rows. */
async function barsOf(c: Catalog): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const s of await c.listSeries()) {
    const t = await c.query(s, undefined);
    out.push(
      s.id,
      t.toArray().map((r) => r.toJSON()),
    );
  }
  return out;
}

async function importBoth(file: string, request: Omit<ImportRequest, 'paths'>) {
  const before = { ...streamStats };
  const streamedCat = await freshCatalog('streamed');
  const plainCat = await freshCatalog('plain');
  const req = { ...request, paths: [file] } as ImportRequest;
  const streamed = await runImport(streamedCat, req, STREAMED);
  const plain = await runImport(plainCat, req, PLAIN);
  return {
    streamed: { ...comparable(streamed, streamedCat.dir), bars: await barsOf(streamedCat) },
    plain: { ...comparable(plain, plainCat.dir), bars: await barsOf(plainCat) },
    staged: streamStats.staged - before.staged,
    fellBack: streamStats.fellBack - before.fellBack,
    streamedCat,
  };
}

describe('streamed import of a large file', () => {
  it('writes exactly what the plain read writes, with the same problems, lines and counts', async () => {
    const lines = rows(150_000, '2020-01-15T00:00:00Z', 60_000);
    const k = rowAtCut(lines);
    lines[k] = lines[k - 1] as string; // identical duplicate across the cut
    lines[100] = (lines[100] as string).replace(/,1\.(\d{5}),/, ',9.$1,'); // open above high
    lines[k + 5000] = (lines[k + 5001] as string).replace(/,\d{5}$/, ',77777'); // conflicting duplicate
    lines[k + 10_000] = (lines[k + 10_000] as string).replace(/Z,1\.\d{5},/, 'Z,x.xxxxx,'); // bad number
    lines[k + 20_000] = (lines[k + 20_000] as string).replace(/:00Z,/, ':30Z,'); // off the 1m grid
    const file = path.join(dataDir, 'EURUSD_1m.csv');
    writeFileSync(file, HEADER + lines.join('\n'));
    const r = await importBoth(file, { onError: 'skip' });
    expect(r.staged).toBe(1);
    expect(r.streamed).toEqual(r.plain);
    const f = r.streamed.files[0];
    expect(f).toMatchObject({
      status: 'imported',
      rowsRead: 150_000,
      rowsWritten: 150_000 - 6,
      rowsInvalid: 5,
    });
    expect(f?.problemCounts).toEqual({
      high_below_max: 1,
      bad_number: 1,
      duplicate_conflict: 2,
      duplicate_identical: 1,
      off_grid: 1,
    });
    // Lines of the second range are file lines: header is line 1, lines[i] is line i + 2.
    expect(f?.problems.find((p) => p.rule === 'bad_number')?.line).toBe(k + 10_000 + 2);
    expect(f?.problems.filter((p) => p.rule === 'duplicate_conflict').map((p) => p.line)).toEqual([
      k + 5000 + 2,
      k + 5001 + 2,
    ]);
    expect(existsSync(path.join(r.streamedCat.dir, STAGING_DIR))).toBe(false);
  });

  it('joins a partition that spans the cut when each range holds a single partition (hourly, yearly files)', async () => {
    const lines = rows(8000, '2022-01-01T00:00:00Z', 3_600_000);
    const file = path.join(dataDir, 'GBPUSD_1h.csv');
    writeFileSync(file, HEADER + lines.join('\n'));
    const r = await importBoth(file, {});
    expect(r.staged).toBe(1);
    expect(r.streamed).toEqual(r.plain);
    expect(
      r.streamed.manifests[0].partitions.map((p: { key: string; rows: number }) => [p.key, p.rows]),
    ).toEqual([['2022', 8000]]);
  });

  it('joins trades and vwap of a partition that spans the cut like the plain read', async () => {
    const lines = rows(8000, '2022-01-01T00:00:00Z', 3_600_000).map(
      (l, i) => `${l},${i % 50},${1.1 + i * 1e-5}`,
    );
    const file = path.join(dataDir, 'NZDUSD_1h.csv');
    writeFileSync(file, `${HEADER.trimEnd()},trades,vwap\n${lines.join('\n')}`);
    const r = await importBoth(file, {});
    expect(r.staged).toBe(1);
    expect(r.streamed).toEqual(r.plain);
    const bars = r.streamed.bars[1] as { trades: number; vwap: number }[];
    expect(bars[7999]).toMatchObject({ trades: 7999 % 50, vwap: 1.1 + 7999 * 1e-5 });
  });

  it('notes bars outside the series calendar like the plain read (the first 100 in time order)', async () => {
    // From a Friday afternoon over the weekend: nights and the weekend are outside xnas sessions.
    const lines = rows(20_000, '2024-03-01T18:00:00Z', 60_000);
    const file = path.join(dataDir, 'AAPL_1m.csv');
    writeFileSync(file, HEADER + lines.join('\n'));
    const r = await importBoth(file, { overrides: { venue: 'NASDAQ' } });
    expect(r.staged).toBe(1);
    expect(r.streamed).toEqual(r.plain);
    const notes = r.streamed.files[0]?.problems.filter((p) => p.rule === 'out_of_session') ?? [];
    expect(notes).toHaveLength(100);
    expect(r.streamed.files[0]?.problemCounts.out_of_session).toBeGreaterThan(10_000);
  });

  it('hands a file whose times go back to the plain read, which sorts it', async () => {
    const lines = rows(60_000, '2020-01-01T00:00:00Z', 60_000);
    const k = rowAtCut(lines);
    [lines[k + 100], lines[k + 101]] = [lines[k + 101] as string, lines[k + 100] as string];
    const file = path.join(dataDir, 'USDJPY_1m.csv');
    writeFileSync(file, HEADER + lines.join('\n'));
    const r = await importBoth(file, {});
    expect(r.fellBack).toBe(1);
    expect(r.staged).toBe(0);
    expect(r.streamed).toEqual(r.plain);
    expect(r.streamed.files[0]?.problemCounts).toEqual({ unsorted: 1 });
  });

  it('merges into existing bars per conflict mode exactly like the plain write', async () => {
    const first = path.join(dataDir, 'AUDUSD_1m.csv');
    writeFileSync(first, HEADER + rows(50_000, '2020-01-20T00:00:00Z', 60_000).join('\n'));
    const second = path.join(dataDir, 'AUDUSD_1m_b.csv');
    // Overlaps the first file's end with other prices, and reaches further.
    const more = rows(70_000, '2020-02-10T00:00:00Z', 60_000).map((l) => l.replace(/,(\d{5})$/, ',88888'));
    writeFileSync(second, HEADER + more.join('\n'));
    for (const mode of ['skip', 'overwrite', 'merge'] as const) {
      const streamedCat = await openCatalog(path.join(tmp(), `s-${mode}`));
      const plainCat = await openCatalog(path.join(tmp(), `p-${mode}`));
      catalogs.push(streamedCat, plainCat);
      for (const c of [streamedCat, plainCat])
        await runImport(c, { paths: [first], overrides: { symbol: 'AUDUSD', timeframe: '1m' } }, PLAIN);
      const req = {
        paths: [second],
        mode,
        overrides: { symbol: 'AUDUSD', timeframe: '1m' },
      } as ImportRequest;
      const staged = streamStats.staged;
      const s = await runImport(streamedCat, req, STREAMED);
      // Staged and committed by writeStaged's merge, not handed to the plain read.
      expect(streamStats.staged).toBe(staged + 1);
      const p = await runImport(plainCat, req, PLAIN);
      expect(comparable(s, streamedCat.dir)).toEqual(comparable(p, plainCat.dir));
      expect(await barsOf(streamedCat)).toEqual(await barsOf(plainCat));
    }
  });

  it('staged and then rejected leaves the catalog byte-identical and no staging files', async () => {
    const cat = await freshCatalog('rejected');
    const good = path.join(dataDir, 'NZDUSD_1m.csv');
    writeFileSync(good, HEADER + rows(30_000, '2020-01-01T00:00:00Z', 60_000).join('\n'));
    const over = { symbol: 'NZDUSD', timeframe: '1m' } as const;
    await runImport(cat, { paths: [good], overrides: over }, STREAMED);
    const before = snapshot(cat.dir);
    const lines = rows(80_000, '2020-01-10T00:00:00Z', 60_000);
    lines[79_000] = (lines[79_000] as string).replace(/Z,1\.\d{5},/, 'Z,-------,');
    const bad = path.join(dataDir, 'NZDUSD_1m_b.csv');
    writeFileSync(bad, HEADER + lines.join('\n'));
    const staged = streamStats.staged;
    const s = await runImport(cat, { paths: [bad], overrides: over }, STREAMED);
    expect(streamStats.staged).toBe(staged + 1);
    expect(s.files[0]).toMatchObject({ status: 'rejected', rowsWritten: 0 });
    expect(s.files[0]?.message).toMatch(/line 79002.*Nothing was written/);
    expect(snapshot(cat.dir)).toEqual(before);
    expect(existsSync(path.join(cat.dir, STAGING_DIR))).toBe(false);
  });

  it('cancelled while streaming leaves the catalog untouched and no staging files', async () => {
    const cat = await freshCatalog('cancelled');
    const file = path.join(dataDir, 'CHFJPY_1m.csv');
    writeFileSync(file, HEADER + rows(300_000, '2020-01-01T00:00:00Z', 60_000).join('\n'));
    const before = snapshot(cat.dir);
    const ac = new AbortController();
    const s = await runImport(
      cat,
      { paths: [file] },
      { ...STREAMED, signal: ac.signal, onProgress: () => ac.abort() },
    );
    expect(s.files[0]).toMatchObject({ status: 'cancelled', rowsWritten: 0 });
    expect(await cat.listSeries()).toEqual([]);
    expect(snapshot(cat.dir)).toEqual(before);
  });

  it('removes the staging folder of a dead process', async () => {
    const cat = await freshCatalog('stale');
    const stale = path.join(cat.dir, STAGING_DIR, '999999999-dead');
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, '2020-01.parquet'), 'half written');
    const file = path.join(dataDir, 'CADJPY_1m.csv');
    writeFileSync(file, HEADER + rows(10_000, '2020-01-01T00:00:00Z', 60_000).join('\n'));
    const s = await runImport(cat, { paths: [file] }, STREAMED);
    expect(s.files[0]?.status).toBe('imported');
    expect(existsSync(path.join(cat.dir, STAGING_DIR))).toBe(false);
  });
});

describe('a big file imported before', () => {
  const over = { symbol: 'EURUSD', timeframe: '1m' } as const;
  const setup = async () => {
    const file = path.join(dataDir, 'EURUSD-2024.csv');
    writeFileSync(file, HEADER + rows(3000, '2024-01-31T12:00:00Z', 60_000).join('\n'));
    const c = await freshCatalog('again');
    const first = await runImport(c, { paths: [file], overrides: over }, STREAMED);
    expect(first.files[0]).toMatchObject({ status: 'imported', rowsRead: 3000, rowsWritten: 3000 });
    return { file, c, first };
  };

  it('is found unchanged from its hash, without being parsed again', async () => {
    const { file, c, first } = await setup();
    const before = snapshot(c.dir);
    const again = await runImport(c, { paths: [file], overrides: over }, STREAMED);
    expect(again.files[0]).toMatchObject({
      status: 'unchanged',
      series: 'CSV:EURUSD:1m',
      rowsRead: 0,
      rowsWritten: 0,
      firstBar: first.files[0]?.firstBar,
      lastBar: first.files[0]?.lastBar,
    });
    expect(again.files[0]?.message).toMatch(
      /^EURUSD-2024\.csv was already imported into CSV:EURUSD:1m on .* \(same bytes, same mapping\); nothing to do \(use --force to import again\)$/,
    );
    expect(snapshot(c.dir)).toEqual(before);
  });

  it('is read through again when its bytes, its options or --force differ', async () => {
    const { file, c } = await setup();
    const forced = await runImport(c, { paths: [file], overrides: over, force: true }, STREAMED);
    expect(forced.files[0]).toMatchObject({ status: 'imported', rowsRead: 3000 });
    const otherZone = await runImport(
      c,
      { paths: [file], overrides: { ...over, tz: 'Europe/Berlin' } },
      STREAMED,
    );
    expect(otherZone.files[0]).toMatchObject({ status: 'imported', rowsRead: 3000 });
    // Same size, one digit changed: the hash differs, so the file is read through.
    const text = readFileSync(file, 'utf8');
    const editedText = text.replace('1.10000', '1.10001');
    writeFileSync(file, editedText);
    const hashesBefore = hashStats.files;
    const edited = await runImport(c, { paths: [file], overrides: over }, STREAMED);
    expect(edited.files[0]).toMatchObject({ status: 'imported', rowsRead: 3000 });
    // Hashed once, to compare with the registry; the import recorded that hash, the new bytes' one.
    expect(hashStats.files - hashesBefore).toBe(1);
    const registry = JSON.parse(readFileSync(path.join(c.dir, REGISTRY_FILE), 'utf8'));
    const sha = createHash('sha256').update(editedText).digest('hex');
    expect(
      Object.values(registry.entries).filter((e) => (e as { sha256: string }).sha256 === sha),
    ).toHaveLength(1);
  });
});

describe('the import workers', () => {
  it('started ahead of an import (the dialog previewing) are the ones that do it', async () => {
    await closeImportWorkers();
    expect(importWorkerThreads()).toEqual([]);
    warmImportWorkers({ parquet: true });
    const warm = importWorkerThreads();
    expect(warm).toHaveLength(2);
    const file = path.join(dataDir, 'GBPUSD_1m.csv');
    writeFileSync(file, HEADER + rows(20_000, '2021-03-01T00:00:00Z', 60_000).join('\n'));
    const staged = streamStats.staged;
    const s = await runImport(await freshCatalog('warm'), { paths: [file] }, STREAMED);
    expect(s.files[0]).toMatchObject({ status: 'imported', rowsWritten: 20_000 });
    expect(streamStats.staged).toBe(staged + 1);
    // Still the same two threads: none was started for the import, none was stopped after it.
    expect(importWorkerThreads()).toEqual(warm);
  });
});

describe('a file above the slicing size', () => {
  const HUGE: RunOptions = { streamBytes: 1, sliceBytes: 1, sliceRows: 1000 };

  it('is streamed by the workers when its rows ascend', async () => {
    const file = path.join(dataDir, 'AUDUSD_1m.csv');
    writeFileSync(file, HEADER + rows(5000, '2022-06-01T00:00:00Z', 60_000).join('\n'));
    const staged = streamStats.staged;
    const s = await runImport(await freshCatalog('huge'), { paths: [file] }, HUGE);
    expect(s.files[0]).toMatchObject({ status: 'imported', rowsRead: 5000, rowsWritten: 5000 });
    expect(streamStats.staged).toBe(staged + 1);
  });

  it('goes to the sliced path, not a whole-file read, when it cannot be streamed', async () => {
    const file = path.join(dataDir, 'NZDUSD_1m.csv');
    writeFileSync(file, HEADER + rows(5000, '2022-06-01T00:00:00Z', 60_000).reverse().join('\n'));
    const fellBack = streamStats.fellBack;
    const cat = await freshCatalog('huge-unsorted');
    const s = await runImport(cat, { paths: [file] }, HUGE);
    expect(streamStats.fellBack).toBe(fellBack + 1);
    // Only the sliced path refuses rows that go back in time across slices.
    expect(s.files[0]?.status).toBe('rejected');
    expect(s.files[0]?.problemCounts).toMatchObject({ unsorted_large: 1 });
    expect(await cat.listSeries()).toEqual([]);
  });
});
