import { describe, expect, it } from 'vitest';
import { allocBatch, batchBuffers } from '../../../src-main/engines/catalog/index';

describe('batchBuffers: the buffers that move a batch to another thread', () => {
  it('every column with trades and vwap, each buffer once', () => {
    const b = allocBatch(3, ['trades', 'vwap']);
    expect(batchBuffers(b)).toEqual(
      [b.ts, b.open, b.high, b.low, b.close, b.volume, b.trades, b.vwap].map((a) => a!.buffer),
    );
    // Columns cut from one buffer (a decoded file's): listed once, as a transfer list must be.
    const one = new Float64Array(18);
    const col = (k: number) => one.subarray(k * 3, k * 3 + 3);
    const shared = {
      length: 3,
      ts: col(0),
      open: col(1),
      high: col(2),
      low: col(3),
      close: col(4),
      volume: col(5),
    };
    expect(batchBuffers(shared)).toEqual([one.buffer]);
  });
});
