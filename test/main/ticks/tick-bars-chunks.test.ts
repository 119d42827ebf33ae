import { describe, expect, it } from 'vitest';
import { TICK_BAR_CHUNK, TickBarBuilder } from '../../../src-main/engines/import/ticks/tick-bars';
import { quotes, us } from './helpers';

/**
 * Two ticks per minute for `minutes` minutes from 2024-01-02: bid 1 + i/1e5 then 1 + i/1e5 - 0.5e-5,
 * ask 0.0002 above, sizes i % 7 + 1 and 2, so each 1m bar's values tell its minute.
 */
function twoTicksPerMinute(minutes: number) {
  const rows: [number, number, number][] = [];
  for (let i = 0; i < minutes; i++) {
    const t = us(2024, 1, 2) + i * 60_000_000;
    rows.push([t + 1_000_000, 1 + i / 1e5, 1.0002 + i / 1e5]);
    rows.push([t + 31_000_000, 1 + i / 1e5 - 0.5e-5, 1.0002 + i / 1e5 - 0.5e-5]);
  }
  const b = quotes(rows);
  b.bidSize = Float64Array.from(rows, (_, k) => (Math.floor(k / 2) % 7) + 1);
  b.askSize = Float64Array.from(rows, () => 2);
  return b;
}

describe('TickBarBuilder chunks', () => {
  it('gives every bar exactly across chunk boundaries, a bar continuing over a batch cut at one', () => {
    const minutes = 2 * TICK_BAR_CHUNK + 3;
    const all = twoTicksPerMinute(minutes);
    const b = new TickBarBuilder('1m', 'bid', 'size');
    // Cut between the two ticks of the chunk's last minute, so that bar spans two batches.
    const cut = 2 * (TICK_BAR_CHUNK - 1) + 1;
    const part = (from: number, to: number) => ({
      ...all,
      length: to - from,
      ts: all.ts.subarray(from, to),
      bid: all.bid.subarray(from, to),
      ask: all.ask.subarray(from, to),
      bidSize: all.bidSize!.subarray(from, to),
      askSize: all.askSize!.subarray(from, to),
    });
    b.add(part(0, cut));
    b.add(part(cut, all.length));
    const bars = b.bars();
    expect(bars.length).toBe(minutes);
    for (const i of [
      0,
      TICK_BAR_CHUNK - 1,
      TICK_BAR_CHUNK,
      TICK_BAR_CHUNK + 1,
      2 * TICK_BAR_CHUNK,
      minutes - 1,
    ]) {
      const hi = 1 + i / 1e5;
      const lo = hi - 0.5e-5;
      expect([
        bars.ts[i],
        bars.open[i],
        bars.high[i],
        bars.low[i],
        bars.close[i],
        bars.volume[i],
        bars.trades![i],
      ]).toEqual([Date.UTC(2024, 0, 2) + i * 60_000, hi, hi, lo, lo, 2 * ((i % 7) + 1), 2]);
    }
    // Every row: minutes in order, none lost or doubled at a boundary.
    let ordered = true;
    for (let i = 0; i < minutes; i++) ordered &&= bars.ts[i] === Date.UTC(2024, 0, 2) + i * 60_000;
    expect(ordered).toBe(true);
    // Arrays of exactly the bars' rows, of their own (not views of a chunk).
    expect(bars.ts.buffer.byteLength).toBe(minutes * 8);
  });
});
