import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fileTempDir } from '../main/catalog/helpers';
import {
  barsOf,
  barsTable,
  CLI,
  catalogBars,
  cli,
  importMinutesArgs,
  insertRows,
  minuteRows,
  pgSql,
} from './helpers';

const { catalogDir: dir } = fileTempDir('barcat-pgresume-');

// 2 symbols x 1500 minutes from Jan 31 20:00: 3000 rows over January and February.
const a = minuteRows('KRAKEN', 'XBTEUR', '2024-01-31T20:00:00Z', 1500, 30000);
const b = minuteRows('KRAKEN', 'ETHEUR', '2024-01-31T20:00:00Z', 1500, 2000);
const args = () => importMinutesArgs(inject('pgUrl'), 'history', dir, '--chunk-rows', '500');

/** Starts the CLI as a child that stops right after writing chunk 3's bars (before its watermark), then SIGKILLs it there. */
function killedMidway(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, ...args(), '--create'], {
      env: { ...process.env, BARCAT_PAUSE_AT: 'db-import-written-3:60000' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('paused at db-import-written-3')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(err) : reject(new Error(`not killed: ${err}`)),
    );
  });
}

function watermark(): { key: string[]; rows: number } {
  const d = path.join(dir, 'db-imports');
  const [file] = readdirSync(d);
  return JSON.parse(readFileSync(path.join(d, file as string), 'utf8'));
}

describe('a PostgreSQL migration killed midway', () => {
  beforeAll(async () => {
    await barsTable('history', [...a, ...b]);
  });

  it("resumes after the last committed chunk and ends with exactly the table's bars", async () => {
    await killedMidway();
    // Chunks 1 and 2 were committed with their watermark; chunk 3's bars were written, its watermark not.
    const mark = watermark();
    expect(mark.rows).toBe(1000);
    expect(mark.key).toEqual([String(Date.parse('2024-01-31T20:00:00Z') + 499 * 60_000), 'KRAKEN', 'XBTEUR']);
    const r = await cli(args());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`resumed after key ${mark.key.join(' ')}`);
    // Chunk 3 is read again: its 500 bars are there already (skip mode), the other 1500 are new.
    expect(r.stdout).toContain(
      '2000 rows read into 2 series: added 1500, replaced 0, removed 0, skipped 500 (existing won); 0 rows left out',
    );
    expect(r.stdout).toContain('parity OK');
    expect(await catalogBars(dir, 'KRAKEN:XBTEUR:1m')).toEqual(barsOf(a));
    expect(await catalogBars(dir, 'KRAKEN:ETHEUR:1m')).toEqual(barsOf(b));
    expect(watermark().rows).toBe(3000);
  });

  it('a second run reads and adds only the rows added since', async () => {
    const more = minuteRows('KRAKEN', 'ETHEUR', '2024-02-01T21:00:00Z', 7, 2100);
    await insertRows('history', more);
    const r = await cli(args());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('7 rows read into 1 series: added 7, replaced 0, removed 0, skipped 0');
    expect(await catalogBars(dir, 'KRAKEN:ETHEUR:1m')).toEqual(barsOf([...b, ...more]));
    const again = await cli(args());
    expect(again.stdout).toContain('0 rows read into 0 series: added 0');
    expect(again.stdout).toContain('parity OK');
  });

  it('the parity report catches a deleted row and a changed close, names exactly those months, and exits 1', async () => {
    await pgSql("DELETE FROM history WHERE symbol = 'XBTEUR' AND ts = '2024-02-01 03:00:00+00'");
    await pgSql(
      "UPDATE history SET close = close + 0.125 WHERE symbol = 'ETHEUR' AND ts = '2024-01-31 22:00:00+00'",
    );
    const r = await cli([...args(), '--verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/KRAKEN:ETHEUR:1m\s+2\s+1\s+1507\s+1507/);
    expect(r.stdout).toMatch(/KRAKEN:XBTEUR:1m\s+2\s+1\s+1499\s+1500/);
    expect(r.stdout).toContain(
      'parity FAILED in 2 months: KRAKEN:ETHEUR:1m 2024-01, KRAKEN:XBTEUR:1m 2024-02',
    );
    expect(r.stdout).toMatch(
      /KRAKEN:ETHEUR:1m\s+2024-01\s+db\s+240\s.*481419\.5\s+3819\n\s+catalog\s+240\s.*481419\.375\s+3819\n/,
    );
    expect(r.stdout).toMatch(/KRAKEN:XBTEUR:1m\s+2024-02\s+db\s+1259\s.*20147\n\s+catalog\s+1260\s.*20161\n/);
  });
});
