import { describe, expect, it } from 'vitest';
import { addInRange } from '../../../../src-main/engines/providers/rows';
import type { Bar } from '../../../../src-shared/domain/bar';

const bar = (ts: number, close: number): Bar => ({ ts, open: 1, high: 3, low: 0.5, close, volume: 7 });

describe("the exchanges' page merge", () => {
  it('keeps bars in [from, to) once, and drops a repeat that is the same bar', () => {
    const into = new Map<number, Bar>();
    addInRange(into, [bar(2, 2), bar(1, 1), bar(0, 9)], 1, 3);
    addInRange(into, [bar(3, 9), bar(2, 2)], 1, 3);
    expect([...into.values()]).toEqual([bar(2, 2), bar(1, 1)]);
  });

  it('refuses two different bars for one time rather than keep either silently', () => {
    const into = new Map<number, Bar>([[2, bar(2, 2)]]);
    expect(() => addInRange(into, [bar(2, 2.5)], 0, 10)).toThrow(
      'the answer holds two different bars for 1970-01-01T00:00:00.002Z (close 2 and 2.5)',
    );
  });
});
