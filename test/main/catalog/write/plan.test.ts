import { describe, expect, it } from 'vitest';
import { sortedUnique } from '../../../../src-main/engines/catalog/batch';
import { batchFromBars, batchToBars } from '../../../../src-main/engines/catalog/index';
import { addCheckedEmpty, removeCheckedEmpty } from '../../../../src-main/engines/catalog/read/checked-empty';
import { coveredRuns } from '../../../../src-main/engines/catalog/read/coverage';
import { mergePartition } from '../../../../src-main/engines/catalog/write/merge-plan';
import type { ConflictMode } from '../../../../src-shared/domain/bar';

const bar = (ts: number, v: number) => ({ ts, open: v, high: v, low: v, close: v, volume: v });
const closes = (bars: { close: number }[]) => bars.map((b) => b.close);

describe('mergePartition (write planner)', () => {
  // existing ts 1..5 valued 1; incoming ts 3, 5, 7 valued 9
  const existing = batchFromBars([1, 2, 3, 4, 5].map((t) => bar(t, 1)));
  const incoming = batchFromBars([3, 5, 7].map((t) => bar(t, 9)));
  const cases: [ConflictMode, number[], number[], object][] = [
    ['skip', [1, 2, 3, 4, 5, 7], [1, 1, 1, 1, 1, 9], { added: 1, replaced: 0, removed: 0, skipped: 2 }],
    ['merge', [1, 2, 3, 4, 5, 7], [1, 1, 9, 1, 9, 9], { added: 1, replaced: 2, removed: 0, skipped: 0 }],
    ['overwrite', [1, 2, 3, 5, 7], [1, 1, 9, 9, 9], { added: 1, replaced: 2, removed: 1, skipped: 0 }],
  ];
  for (const [mode, ts, values, counts] of cases) {
    it(`${mode}: ts ${ts.join(',')} with values ${values.join(',')}`, () => {
      const r = mergePartition(existing, incoming, mode, { first: 3, last: 7 });
      const bars = batchToBars(r.bars);
      expect(bars.map((b) => b.ts)).toEqual(ts);
      expect(closes(bars)).toEqual(values);
      expect(r).toMatchObject({ ...counts, changed: true });
    });
  }

  it('overwrite removes bars of a partition that the batch only spans', () => {
    const r = mergePartition(existing, batchFromBars([]), 'overwrite', { first: 2, last: 4 });
    expect(batchToBars(r.bars).map((b) => b.ts)).toEqual([1, 5]);
    expect(r.removed).toBe(3);
  });

  it('reports unchanged when skip adds nothing', () => {
    const r = mergePartition(existing, batchFromBars([bar(2, 9)]), 'skip', { first: 2, last: 2 });
    expect(r.changed).toBe(false);
    expect(r.skipped).toBe(1);
  });
});

describe('helpers', () => {
  it('sortedUnique sorts and keeps the last duplicate', () => {
    const b = sortedUnique(batchFromBars([bar(3, 1), bar(1, 1), bar(3, 2), bar(2, 1)]));
    expect(batchToBars(b).map((x) => [x.ts, x.close])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('coveredRuns joins consecutive grid bars', () => {
    const m = 60_000;
    expect(coveredRuns(new Float64Array([0, m, 2 * m, 5 * m]), '1m')).toEqual([
      [0, 3 * m],
      [5 * m, 6 * m],
    ]);
  });

  it('checked-empty ranges merge per provider and split on clear', () => {
    const merged = addCheckedEmpty(
      [{ from: 0, to: 10, provider: 'a', checkedAt: 1 }],
      [
        { from: 10, to: 20, provider: 'a', checkedAt: 2 },
        { from: 5, to: 8, provider: 'b', checkedAt: 3 },
      ],
    );
    expect(merged).toEqual([
      { from: 0, to: 20, provider: 'a', checkedAt: 2 },
      { from: 5, to: 8, provider: 'b', checkedAt: 3 },
    ]);
    expect(removeCheckedEmpty(merged, { from: 6, to: 12 })).toEqual([
      { from: 0, to: 6, provider: 'a', checkedAt: 2 },
      { from: 12, to: 20, provider: 'a', checkedAt: 2 },
      { from: 5, to: 6, provider: 'b', checkedAt: 3 },
    ]);
  });
});

describe('timestamp conversion', () => {
  it('round-trips negative, zero and large ms timestamps through Arrow int64 exactly', async () => {
    const { loadParquetLibs, batchToArrow, arrowToBatch } = await import(
      '../../../../src-main/engines/catalog/index'
    );
    await loadParquetLibs();
    const ts = [
      -62_135_596_800_000, -1, 0, 1, 4_294_967_295, 4_294_967_296, 1_706_745_600_000, 253_402_300_799_000,
    ];
    const batch = batchFromBars(ts.map((t) => bar(t, 1)));
    const back = arrowToBatch(batchToArrow(batch));
    expect(Array.from(back.ts)).toEqual(ts);
    const sliced = arrowToBatch(batchToArrow(batch).slice(3, 6));
    expect(Array.from(sliced.ts)).toEqual(ts.slice(3, 6));
  });
});
