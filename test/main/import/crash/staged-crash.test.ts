import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { runImport } from '../../../../src-main/engines/import/index';
import { fileTempDir, repoRoot } from '../../catalog/helpers';
import { snapshot } from '../helpers';

// The streamed import stages partitions into the catalog's staging area and commits them with
// Catalog.writeStaged: killed inside that commit, the catalog must come back unchanged and the
// catalog itself (openCatalog's sweep) must remove the staging folder the import left.
const CHILD = path.join(repoRoot, 'test/main/import/crash/staged-import-child.ts');
const KEY = { venue: 'CSV', symbol: 'NZDUSD', timeframe: '1m' } as const;
const ALL = { from: -8.64e15, to: 8.64e15 };
const tmp = fileTempDir('barcat-staged-');

function minuteCsv(n: number, startIso: string): string {
  const t0 = Date.parse(startIso);
  const out = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < n; i++) {
    const p = (1.1 + (i % 997) * 0.001).toFixed(5);
    out.push(
      `${new Date(t0 + i * 60_000).toISOString().slice(0, 19)}Z,${p},${p},${p},${p},${100 + (i % 90)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

describe('a streamed import killed while the catalog commits its staged partitions', () => {
  it('leaves the catalog as it was, and the catalog removes the staging folder', async () => {
    const cat = path.join(tmp.dir, 'cat');
    const first = path.join(tmp.dir, 'NZDUSD_1m.csv');
    writeFileSync(first, minuteCsv(20_000, '2020-01-01T00:00:00Z'));
    const catalog = await openCatalog(cat);
    await runImport(catalog, { paths: [first], overrides: { symbol: 'NZDUSD', timeframe: '1m' } });
    await catalog.close();
    const before = snapshot(cat);

    // Jan 10 to mid-March: January meets the existing bars, February and March are new partitions.
    const second = path.join(tmp.dir, 'NZDUSD_1m_b.csv');
    writeFileSync(second, minuteCsv(90_000, '2020-01-10T00:00:00Z'));
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, cat, second], {
      cwd: repoRoot,
      env: { ...process.env, BARCAT_CRASH_AT: 'partition-renamed#2' },
    });
    expect(child.signal, child.stderr.toString()).toBe('SIGKILL');
    // Killed after January was merged and February's staged file renamed into the series, before
    // the manifest commit: January's staged file (read for the merge) and March's are still staged.
    const staging = path.join(cat, '.staging');
    expect(readdirSync(staging)).toEqual([expect.stringMatching(new RegExp(`^${child.pid}-`))]);
    const area = path.join(staging, readdirSync(staging)[0] as string);
    expect(readdirSync(area).sort()).toEqual(['2020-01.parquet', '2020-03.parquet']);
    expect(snapshot(cat)).not.toEqual(before);

    const reopened = await openCatalog(cat);
    try {
      expect(existsSync(staging)).toBe(false);
      expect(snapshot(cat)).toEqual(before);
      expect(await reopened.countExisting(KEY, ALL)).toBe(20_000);
      // And the import runs through on the next try.
      const again = await runImport(
        reopened,
        { paths: [second], overrides: { symbol: 'NZDUSD', timeframe: '1m' } },
        { streamBytes: 1 },
      );
      expect(again.files[0]?.status).toBe('imported');
      expect(await reopened.countExisting(KEY, ALL)).toBe(12_960 + 90_000);
    } finally {
      await reopened.close();
    }
  });
});
