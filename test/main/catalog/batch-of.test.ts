import { describe, expect, it } from 'vitest';
import { allocBatch, batchOf, sliceBatch } from '../../../src-main/engines/catalog/batch';
import { BAR_BASE_COLUMNS } from '../../../src-shared/domain/bar';

describe('batchOf and sliceBatch: a batch built from the base column list', () => {
  it('batchOf asks for the columns in BAR_BASE_COLUMNS order (overview files are read by it)', () => {
    const asked: string[] = [];
    const b = batchOf(2, (c) => {
      asked.push(c);
      return Float64Array.of(asked.length, asked.length + 0.5);
    });
    expect(asked).toEqual([...BAR_BASE_COLUMNS]);
    expect([...b.volume]).toEqual([6, 6.5]);
    expect(b.trades).toBeUndefined();
  });

  it('sliceBatch views the rows of every column the batch has, and no other', () => {
    const b = allocBatch(4, ['vwap']);
    b.ts.set([1, 2, 3, 4]);
    b.vwap!.set([10, 20, 30, 40]);
    const s = sliceBatch(b, 1, 3);
    expect(s.length).toBe(2);
    expect([...s.ts]).toEqual([2, 3]);
    expect([...s.vwap!]).toEqual([20, 30]);
    expect(s.ts.buffer).toBe(b.ts.buffer);
    expect('trades' in s).toBe(false);
  });
});
