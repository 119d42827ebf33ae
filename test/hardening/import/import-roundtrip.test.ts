import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocBatch } from '../../../src-main/engines/catalog/batch';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { fileTempDir } from '../../main/catalog/helpers';
import { barcat } from '../import-cli';

// Issue 11 symptom 7: every format Barcat writes imports back to identical bars, or says why not.

const tmp = fileTempDir('barcat-rt-');
const catDir = tmp.catalogDir;
const cat = ['--catalog', catDir];

const cli = (args: string[]) => barcat(args, tmp.dir);

/** Awkward doubles on purpose: 17 significant digits, exponents, tiny and huge values. */
const N = 50;
async function writeOriginal(): Promise<void> {
  const b = allocBatch(N, ['trades', 'vwap']);
  for (let i = 0; i < N; i++) {
    const base = i % 3 === 0 ? 0.1 + 0.2 * i : i % 3 === 1 ? 1e-7 * (i + 1) : 123456.789 + i / 3;
    b.ts[i] = Date.UTC(2024, 0, 1, i);
    b.open[i] = base;
    b.high[i] = base * 1.5;
    b.low[i] = base / 3;
    b.close[i] = base * 1.25;
    b.volume[i] = i === 7 ? 1e21 : i / 7;
    (b.trades as Float64Array)[i] = i % 4 === 0 ? Number.NaN : i * 3;
    (b.vwap as Float64Array)[i] = i % 5 === 0 ? Number.NaN : base * 1.1;
  }
  const catalog = await openCatalog(catDir);
  try {
    await catalog.write({ venue: 'CSV', symbol: 'ORIG', timeframe: '1h' }, b, 'skip');
  } finally {
    await catalog.close();
  }
}

describe('barcat import of what barcat query writes', () => {
  it('imports its own CSV export (ts, trades, vwap) back to identical bars', async () => {
    await writeOriginal();
    const csv = path.join(tmp.dir, 'orig.csv');
    expect((await cli(['query', 'CSV:ORIG:1h', '--format', 'csv', '--out', csv, ...cat])).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('ts,open,high,low,close,volume,trades,vwap');
    const imp = await cli(['import', csv, '--series', 'CSV:COPY:1h', ...cat]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/orig\.csv\s+imported\s+CSV:COPY:1h\s+50\s+50\s+50\s+0\s+0\s+0\s+0/);
    const a = await cli(['query', 'CSV:ORIG:1h', '--format', 'json', ...cat]);
    const b = await cli(['query', 'CSV:COPY:1h', '--format', 'json', ...cat]);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    expect(JSON.parse(a.stdout)).toHaveLength(N);
    const ca = await cli(['query', 'CSV:ORIG:1h', ...cat]);
    const cb = await cli(['query', 'CSV:COPY:1h', ...cat]);
    expect(cb.stdout).toBe(ca.stdout);
  });

  it('reads ts and ts_ms epoch columns', async () => {
    const rows = (f: (t: number) => number) =>
      [0, 1, 2].map((i) => `${f(Date.UTC(2024, 0, 1, i))},1,2,0.5,1.5,${i}`).join('\n');
    const s = path.join(tmp.dir, 'secs.csv');
    writeFileSync(s, `ts,open,high,low,close,volume\n${rows((t) => t / 1000)}\n`);
    const ms = path.join(tmp.dir, 'millis.csv');
    writeFileSync(ms, `ts_ms,open,high,low,close,volume\n${rows((t) => t)}\n`);
    expect((await cli(['import', s, '--series', 'CSV:SECS:1h', ...cat])).code).toBe(0);
    expect((await cli(['import', ms, '--series', 'CSV:MILLIS:1h', ...cat])).code).toBe(0);
    const want =
      'ts,open,high,low,close,volume\n2024-01-01T00:00:00.000Z,1,2,0.5,1.5,0\n2024-01-01T01:00:00.000Z,1,2,0.5,1.5,1\n2024-01-01T02:00:00.000Z,1,2,0.5,1.5,2\n';
    expect((await cli(['query', 'CSV:SECS:1h', ...cat])).stdout).toBe(want);
    expect((await cli(['query', 'CSV:MILLIS:1h', ...cat])).stdout).toBe(want);
  });

  it('says that its JSON and Parquet exports are not read (CSV is)', async () => {
    for (const format of ['json', 'parquet']) {
      const out = path.join(tmp.dir, `orig.${format}`);
      expect((await cli(['query', 'CSV:ORIG:1h', '--format', format, '--out', out, ...cat])).code).toBe(0);
      const r = await cli(['import', out, '--series', 'CSV:NOPE:1h', ...cat]);
      expect(r.code).toBe(2);
      const what =
        format === 'json'
          ? 'it is JSON, not CSV text; the importer reads CSV only'
          : 'it is a Parquet file, not CSV text; the importer reads CSV';
      expect(r.stderr).toContain(
        `orig.${format} cannot be imported as bars: ${what} (export bars with barcat query --format csv)`,
      );
    }
  });
});
