import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { type AuditRecord, runImport } from '../../../../src-main/engines/import/index';
import { filesUnder } from '../../../helpers/files-under';
import { fileTempDir, repoRoot } from '../../catalog/helpers';

const CLI = path.join(repoRoot, 'out/node/barcat.js');
const tmp = fileTempDir('barcat-kill-');

function minuteCsv(n: number): string {
  const t0 = Date.UTC(2021, 0, 1);
  const out = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < n; i++) {
    const p = (100 + (i % 500) / 10).toFixed(2);
    out.push(`${new Date(t0 + i * 60_000).toISOString()},${p},${p},${p},${p},${i % 97}`);
  }
  return `${out.join('\n')}\n`;
}

describe('an import killed mid-way', () => {
  it('is restarted cleanly by the next run: every bar once, no partial partitions, failed audit record', async () => {
    const rows = 400_000;
    const file = path.join(tmp.dir, 'KILL_1m.csv');
    writeFileSync(file, minuteCsv(rows));
    const cat = path.join(tmp.dir, 'cat');
    const child = spawn(process.execPath, [CLI, 'import', file, '--create', '--catalog', cat], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill in the middle of the catalog write (or, failing that, 4 s after the session started).
    const started = Date.now();
    for (;;) {
      // Two partitions committed and a third on its way: the catalog write is half done.
      const writing = filesUnder(path.join(cat, 'bars')).filter((f) => f.includes('.parquet')).length > 2;
      const session = existsSync(path.join(cat, 'audit')) && readdirSync(path.join(cat, 'audit')).length > 0;
      if (writing || (session && Date.now() - started > 4000) || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull(); // it was killed, not finished

    const catalog = await openCatalog(cat);
    try {
      const again = await runImport(catalog, { paths: [file] });
      expect(again.files[0]?.status).toBe('imported');
      const key = { venue: 'CSV', symbol: 'KILL', timeframe: '1m' } as const;
      expect(await catalog.countExisting(key, { from: -8.64e15, to: 8.64e15 })).toBe(rows);
      const table = await catalog.query(key, undefined, { columns: ['ts'] });
      const ts = table.getChild('ts')?.toArray() as ArrayLike<number | bigint>;
      const unique = new Set(Array.from(ts, Number));
      expect(unique.size).toBe(rows);
      const report = await catalog.verify();
      expect(report.quarantined).toEqual([]);
      expect(filesUnder(path.join(cat, 'bars')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const records = readdirSync(path.join(cat, 'audit'))
        // Import records only, as listAudit reads them: the folder also holds series-operations.jsonl.
        .filter((n) => n.endsWith('.json'))
        .map((n) => JSON.parse(readFileSync(path.join(cat, 'audit', n), 'utf8')) as AuditRecord);
      expect(records.map((r) => r.status).sort()).toEqual(['failed', 'ok']);
      expect(records.find((r) => r.status === 'failed')?.note).toMatch(/ended before the session finished/);
    } finally {
      await catalog.close();
    }
  });
});
