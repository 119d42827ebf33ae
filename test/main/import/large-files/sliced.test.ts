import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src-main/engines/catalog/types';
import { REGISTRY_FILE } from '../../../../src-main/engines/import/files/registry';
import { runImport } from '../../../../src-main/engines/import/index';
import { importCatalogEach } from '../helpers';

// Huge files are imported in slices; here "huge" is any file (sliceBytes 1) and a slice is 1,000 rows.
const SLICED = { sliceBytes: 1, sliceRows: 1000, workers: false } as const;
const ALL = { from: -8.64e15, to: 8.64e15 };
const KEY = { venue: 'CSV', symbol: 'HUGE', timeframe: '1m' } as const;

let dir: string;
let catalog: Catalog;
importCatalogEach((c) => ({ dir, catalog } = c), 'barcat-sliced-');
let file: string;

function minuteLines(n: number): string[] {
  const t0 = Date.UTC(2022, 0, 1);
  return Array.from(
    { length: n },
    (_, i) => `${new Date(t0 + i * 60_000).toISOString()},${i + 1},${i + 2},${i},${i + 1},${i}`,
  );
}
const HEADER = 'timestamp,open,high,low,close,volume';

beforeEach(() => {
  file = path.join(dir, 'HUGE_1m.csv');
});

/** The real catalog, counting writes and aborting after the n-th one. */
function abortingAfter(n: number, ac: AbortController): { catalog: Catalog; writes: () => number } {
  let writes = 0;
  const wrapped = Object.create(catalog) as Catalog;
  wrapped.write = async (...args) => {
    const r = await catalog.write(...args);
    if (++writes === n) ac.abort();
    return r;
  };
  return { catalog: wrapped, writes: () => writes };
}

describe('sliced import of huge files', () => {
  it('writes slice by slice and is idempotent', async () => {
    writeFileSync(file, [HEADER, ...minuteLines(5000)].join('\n'));
    const counter = abortingAfter(-1, new AbortController());
    const s = await runImport(counter.catalog, { paths: [file] }, SLICED);
    expect(s.files[0]).toMatchObject({
      status: 'imported',
      rowsRead: 5000,
      rowsWritten: 5000,
      firstBar: Date.UTC(2022, 0, 1),
    });
    expect(counter.writes()).toBe(5);
    expect(await catalog.countExisting(KEY, ALL)).toBe(5000);
    const again = await runImport(catalog, { paths: [file] }, SLICED);
    expect(again.files[0]?.status).toBe('unchanged');
  });

  it('resumes after the last written slice when cancelled (or killed) mid-way', async () => {
    writeFileSync(file, [HEADER, ...minuteLines(5000)].join('\n'));
    const ac = new AbortController();
    const first = abortingAfter(2, ac);
    const s = await runImport(first.catalog, { paths: [file] }, { ...SLICED, signal: ac.signal });
    expect(s.files[0]).toMatchObject({ status: 'cancelled', rowsWritten: 2000 });
    expect(s.files[0]?.message).toMatch(/after 2 slice\(s\).*run the import again to resume/);
    const reg = JSON.parse(readFileSync(path.join(catalog.dir, REGISTRY_FILE), 'utf8'));
    expect(Object.values(reg.entries)).toEqual([
      expect.objectContaining({ status: 'partial', slicesDone: 2 }),
    ]);
    const second = abortingAfter(-1, new AbortController());
    const r = await runImport(second.catalog, { paths: [file] }, SLICED);
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsWritten: 3000 });
    expect(r.files[0]?.message).toMatch(/resumed after 2 slice/);
    expect(second.writes()).toBe(3);
    expect(await catalog.countExisting(KEY, ALL)).toBe(5000);
  });

  it('validates the whole file before writing: a bad row rejects it, out-of-order slices too', async () => {
    const lines = minuteLines(5000);
    lines[4321] = lines[4321]?.replace(/,(\d+),(\d+),/, ',$1,-,') ?? '';
    writeFileSync(file, [HEADER, ...lines].join('\n'));
    const bad = await runImport(catalog, { paths: [file] }, SLICED);
    expect(bad.files[0]?.status).toBe('rejected');
    expect(bad.files[0]?.problems[0]).toMatchObject({ line: 4323, column: 'high', rule: 'missing_price' });
    expect(await catalog.listSeries()).toEqual([]);
    const skip = await runImport(catalog, { paths: [file], onError: 'skip' }, SLICED);
    expect(skip.files[0]).toMatchObject({ status: 'imported', rowsWritten: 4999 });

    const g = path.join(dir, 'MIXED_1m.csv');
    const ok = minuteLines(3000);
    writeFileSync(g, [HEADER, ...ok.slice(1000, 2000), ...ok.slice(0, 1000), ...ok.slice(2000)].join('\n'));
    const mixed = await runImport(catalog, { paths: [g], onError: 'skip' }, SLICED);
    expect(mixed.files[0]?.status).toBe('rejected');
    expect(mixed.files[0]?.problems.map((p) => p.rule)).toContain('unsorted_large');
    expect((await catalog.listSeries()).map((x) => x.symbol)).toEqual(['HUGE']);
  });
});
