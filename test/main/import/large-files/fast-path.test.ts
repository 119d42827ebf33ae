import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileBars } from '../../../../src-main/engines/import/read/read-file';
import { fileTempDir } from '../../catalog/helpers';

const tmp = fileTempDir('barcat-fast-');

describe('the byte-level fast path', () => {
  it('reads the same doubles as Number() and the same instants as Date.parse', async () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const rows: string[][] = [];
    const t0 = Date.UTC(2020, 1, 27, 22);
    for (let i = 0; i < 5000; i++) {
      const digits = Math.floor(rand() * 9);
      const o = (rand() * 10 ** Math.floor(rand() * 6)).toFixed(digits);
      const c = (rand() * 10 ** Math.floor(rand() * 6)).toFixed(digits);
      const h = (Math.max(Number(o), Number(c)) + 1).toFixed(digits);
      const l = Math.max(0, Math.min(Number(o), Number(c)) - 1).toFixed(digits);
      const iso = new Date(t0 + i * 60_000).toISOString();
      rows.push([
        i % 2 ? iso.slice(0, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
        o,
        h,
        l,
        c,
        String(Math.floor(rand() * 1e6)),
      ]);
    }
    const file = path.join(tmp.dir, 'X_1m.csv');
    writeFileSync(file, `time,open,high,low,close,volume\n${rows.map((r) => r.join(',')).join('\n')}`);
    const read = await readFileBars(file);
    const b = read.result?.batch;
    expect(b?.length).toBe(rows.length);
    rows.forEach((r, i) => {
      expect(b?.ts[i]).toBe(Date.parse(`${r[0]}Z`));
      expect([b?.open[i], b?.high[i], b?.low[i], b?.close[i], b?.volume[i]]).toEqual(r.slice(1).map(Number));
    });
  });
});
