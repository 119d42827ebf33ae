import { describe, expect, it } from 'vitest';
import type { Interval } from '../../../src-shared/domain/range';
import { subtractIntervals } from '../../../src-shared/time/intervals';

// Gap detection leans on subtractIntervals skipping cuts it has passed; check it against a bitmap.
function bitmapSubtract(base: Interval[], remove: Interval[], size: number): Interval[] {
  const on = new Array<boolean>(size).fill(false);
  for (const b of base) for (let x = b.from; x < b.to; x++) on[x] = true;
  for (const r of remove) for (let x = r.from; x < r.to; x++) on[x] = false;
  const out: Interval[] = [];
  for (let x = 0; x < size; x++) {
    if (!on[x]) continue;
    const last = out[out.length - 1];
    if (last && last.to === x) last.to = x + 1;
    else out.push({ from: x, to: x + 1 });
  }
  return out;
}

describe('subtractIntervals on many sessions and many cuts', () => {
  it('matches a bitmap for 300 random cases', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const randomIntervals = (count: number, size: number) =>
      Array.from({ length: count }, () => {
        const from = rand(size);
        return { from, to: Math.min(size, from + rand(40)) };
      });
    for (let i = 0; i < 300; i++) {
      const base = randomIntervals(1 + rand(30), 500);
      const remove = randomIntervals(rand(60), 500);
      expect(subtractIntervals(base, remove), `case ${i}`).toEqual(bitmapSubtract(base, remove, 500));
    }
  });
});
