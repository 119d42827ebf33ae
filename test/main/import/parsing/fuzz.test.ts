import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src-main/app/jobs/sample-data';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { readFileBars, runImport } from '../../../../src-main/engines/import/index';
import { BarcatError } from '../../../../src-main/plumbing/errors';
import { isOnGrid } from '../../../../src-shared/domain/timeframe';
import { fileTempDir } from '../../catalog/helpers';
import { expectedFiles, REAL_DIR } from '../real-files';

// Seeded mutations of the real files: cut lines, swapped delimiters, garbage bytes, huge and
// non-finite numbers, shuffled and duplicated lines. None may crash the reader, and whatever it
// returns as bars must obey every row and file rule; imports write only files without errors.
const ITERATIONS = 3000;
const IMPORTS = 120;

const sources = expectedFiles().map((e) => readFileSync(path.join(REAL_DIR, e.file)).subarray(0, 6000));
const GARBAGE = [
  '\u0000',
  '\uFFFD',
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\r',
  'NaN',
  'Infinity',
  '-1e309',
  '1e308',
  '99999999999999999999',
  'é',
  '\u2028',
  '-',
  ' ',
];

function mutate(src: Buffer, r: () => number): Buffer {
  let lines = src.toString('latin1').split('\n');
  const n = 1 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * lines.length);
    const line = lines[i] ?? '';
    const pick = Math.floor(r() * 9);
    if (pick === 0) lines.splice(i, 1);
    else if (pick === 1) lines[i] = line.slice(0, Math.floor(r() * line.length));
    else if (pick === 2)
      lines[i] = line.replace(/[,;\t]/g, [',', ';', '\t', '|'][Math.floor(r() * 4)] as string);
    else if (pick === 3) {
      const at = Math.floor(r() * line.length);
      lines[i] = line.slice(0, at) + (GARBAGE[Math.floor(r() * GARBAGE.length)] as string) + line.slice(at);
    } else if (pick === 4) lines[i] = line.replace(/\d+(\.\d+)?/, r() < 0.5 ? '1e308' : '-5');
    else if (pick === 5) lines.splice(i, 0, line);
    else if (pick === 6) {
      const j = Math.floor(r() * lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', line];
    } else if (pick === 7) lines = lines.slice(0, i);
    else lines[i] = Buffer.from(Array.from({ length: 20 }, () => Math.floor(r() * 256))).toString('latin1');
  }
  return Buffer.from(lines.join(r() < 0.3 ? '\r\n' : '\n'), 'latin1');
}

const tmp = fileTempDir('barcat-fuzz-');

describe('fuzzed vendor files', () => {
  it(`${ITERATIONS} mangled files: no crash, and every returned bar obeys the rules`, async () => {
    const r = mulberry32(20240531);
    const file = path.join(tmp.dir, 'fuzz.csv');
    let withBars = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      const src = sources[Math.floor(r() * sources.length)] as Buffer;
      writeFileSync(file, mutate(src, r));
      let read: Awaited<ReturnType<typeof readFileBars>>;
      try {
        read = await readFileBars(file, { symbol: 'FUZZ' });
      } catch (err) {
        // Only deliberate, explained refusals may escape.
        expect(err, `iteration ${it}`).toBeInstanceOf(BarcatError);
        continue;
      }
      const b = read.result?.batch;
      if (!b || !read.timeframe) continue;
      withBars++;
      for (let i = 0; i < b.length; i++) {
        const [o, h, l, c, v, t] = [
          b.open[i],
          b.high[i],
          b.low[i],
          b.close[i],
          b.volume[i],
          b.ts[i],
        ] as number[];
        const ok =
          [o, h, l, c, t].every(Number.isFinite) &&
          h >= Math.max(o, c) &&
          l <= Math.min(o, c) &&
          (Number.isNaN(v) || v >= 0) &&
          isOnGrid(t, read.timeframe) &&
          (i === 0 || t > (b.ts[i - 1] as number));
        if (!ok) expect.fail(`iteration ${it}: bar ${i} breaks a rule: ${[t, o, h, l, c, v].join(',')}`);
      }
    }
    expect(withBars).toBeGreaterThan(ITERATIONS / 4);
  });

  it(`${IMPORTS} mangled imports write only files that had no errors`, async () => {
    const r = mulberry32(7);
    const catalog = await openCatalog(path.join(tmp.dir, 'cat'));
    try {
      for (let it = 0; it < IMPORTS; it++) {
        const src = sources[Math.floor(r() * sources.length)] as Buffer;
        const file = path.join(tmp.dir, `fz${it}.csv`);
        writeFileSync(file, mutate(src, r));
        const s = await runImport(
          catalog,
          { paths: [file], overrides: { symbol: `FZ${it}`, venue: 'FUZZ' } },
          { workers: false },
        );
        const f = s.files[0];
        const series = await catalog.listSeries();
        const mine = series.filter((x) => x.symbol === `FZ${it}`);
        if (f?.status === 'imported') {
          expect(f.rowsInvalid, `iteration ${it}`).toBe(0);
          expect(mine).toHaveLength(1);
        } else expect(mine, `iteration ${it}: ${f?.status} ${f?.message}`).toHaveLength(0);
      }
    } finally {
      await catalog.close();
    }
  });
});
