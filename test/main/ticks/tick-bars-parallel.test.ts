import { describe, expect, it } from 'vitest';
import { batchToBars, type QuoteTicks, type TickBatch } from '../../../src-main/engines/catalog/index';
import { inThreadReader, PartitionDecoder } from '../../../src-main/engines/catalog/read/partition-decoder';
import { TickStore } from '../../../src-main/engines/catalog/ticks/tick-store';
import { barsOnRead, TickBarBuilder } from '../../../src-main/engines/import/ticks/tick-bars';
import type { Bar } from '../../../src-shared/domain/bar';
import type { TickPrice } from '../../../src-shared/domain/ticks';
import { floorToTimeframe, parseTimeframe, type Timeframe } from '../../../src-shared/domain/timeframe';
import { closeAfterEach } from '../../helpers/close-after';
import { openedTempCatalog, quotes, us } from './helpers';

const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;

const opened = closeAfterEach();

/** Ticks every 7 s from 2024-01-02 23:00 to 2024-01-05 01:00 (three midnights crossed, four day files). */
function ticksOverDays(sized: boolean): QuoteTicks {
  const rows: [number, number, number][] = [];
  for (let t = us(2024, 1, 2, 23); t < us(2024, 1, 5, 1); t += 7_000_000) {
    const k = rows.length;
    rows.push([t, 1.1 + (k % 13) * 1e-5, 1.1002 + (k % 7) * 1e-5]);
  }
  const b = quotes(rows);
  if (sized) {
    b.bidSize = Float64Array.from(rows, (_, i) => (i % 5) + 1);
    b.askSize = Float64Array.from(rows, (_, i) => (i % 3 === 0 ? Number.NaN : 2));
  }
  return b;
}

describe('bars on read decode the tick files on both threads', () => {
  it('the same bars from workers as from this thread alone, across day files and a cut range', async () => {
    const { dir, cat } = await openedTempCatalog(opened, 'barcat-tick-parallel-');
    // Days with sizes, then ticks written later without: day files with and without size columns.
    const all = ticksOverDays(true);
    const cut = all.ts.findIndex((ts) => ts >= us(2024, 1, 4));
    await cat.ticks.write(KEY, {
      ...all,
      length: cut,
      ts: all.ts.subarray(0, cut),
      bid: all.bid.subarray(0, cut),
      ask: all.ask.subarray(0, cut),
      bidSize: all.bidSize!.subarray(0, cut),
      askSize: all.askSize!.subarray(0, cut),
    });
    const rest = ticksOverDays(false);
    const from = rest.ts.findIndex((ts) => ts >= us(2024, 1, 4));
    await cat.ticks.write(KEY, {
      kind: 'quotes',
      length: rest.length - from,
      ts: rest.ts.subarray(from),
      bid: rest.bid.subarray(from),
      ask: rest.ask.subarray(from),
    });
    const files = (await cat.ticks.coverage(KEY)).days.filter((d) => d.state === 'ticks').length;
    expect(files).toBe(4);

    const locked = <T>(fn: () => Promise<T>) => fn();
    const oneThread = new TickStore(dir, locked, inThreadReader);
    // Every file to the workers: the parallel path is the one taken, not this thread's.
    const decoder = opened(new PartitionDecoder({ minRows: 1, callerDecodes: false }), (d) => d.close());
    const parallel = new TickStore(dir, locked, decoder);
    // From inside the first day to inside the last: the end files are cut to the range.
    const range = { from: Date.UTC(2024, 0, 2, 23, 30), to: Date.UTC(2024, 0, 5, 0, 30) };
    const bars = (store: TickStore, tf: Timeframe, price: TickPrice) =>
      barsOnRead('quotes', tf, price, (onBatch, columns) => store.scan(KEY, range, onBatch, columns));

    let workerFiles = 0;
    for (const [tf, price] of [
      ['1m', 'mid'],
      ['1h', 'bid'],
      ['1d', 'ask'],
      ['1w', 'mid'],
    ] as const) {
      const a = await bars(oneThread, tf, price);
      const before = decoder.workerDecodes;
      const b = await bars(parallel, tf, price);
      workerFiles += decoder.workerDecodes - before;
      expect(b.volume).toBe(a.volume);
      expect(batchToBars(b.bars)).toEqual(batchToBars(a.bars));
      // batchToBars leaves NaN trades out: tick bars always count trades, on both paths.
      expect(b.bars.trades?.length).toBe(a.bars.ts.length);
      expect(a.bars.trades?.length).toBe(a.bars.ts.length);
      // And the catalog's own store (what `barcat query --from-ticks` reads through) gives them too.
      const c = await barsOnRead('quotes', tf, price, (onBatch, columns) =>
        cat.ticks.scan(KEY, range, onBatch, columns),
      );
      expect(batchToBars(c.bars)).toEqual(batchToBars(a.bars));
      expect(c.bars.trades?.length).toBe(a.bars.ts.length);
    }
    expect(workerFiles).toBe(4 * files);

    // 1d bars: one per UTC day of the range, the first from 23:30 on, the last up to 00:30.
    const daily = await bars(parallel, '1d', 'bid');
    expect(Array.from(daily.bars.ts)).toEqual([
      Date.UTC(2024, 0, 2),
      Date.UTC(2024, 0, 3),
      Date.UTC(2024, 0, 4),
      Date.UTC(2024, 0, 5),
    ]);
    const inRange = Array.from(all.ts).filter((ts) => ts >= range.from * 1000 && ts < range.to * 1000);
    expect(Array.from(daily.bars.trades!).reduce((s, n) => s + n, 0)).toBe(inRange.length);
  });

  it('decodes only the columns the price needs: bid bars read no ask column', async () => {
    const { cat } = await openedTempCatalog(opened, 'barcat-tick-columns-');
    await cat.ticks.write(KEY, ticksOverDays(true));
    const seen: TickBatch[] = [];
    await barsOnRead('quotes', '1h', 'bid', (onBatch, columns) =>
      cat.ticks.scan(
        KEY,
        undefined,
        (b) => {
          seen.push(b);
          onBatch(b);
        },
        columns,
      ),
    );
    expect(seen.length).toBe(4);
    for (const b of seen) {
      if (b.kind !== 'quotes') throw new Error('quotes expected');
      expect(b.bidSize).toBeDefined();
      expect(b.askSize).toBeUndefined();
      expect(b.ask.every(Number.isNaN)).toBe(true);
      expect(b.bid.some(Number.isNaN)).toBe(false);
    }
  });
});

describe('TickBarBuilder floors once per bar', () => {
  it('the same bars as flooring every tick, on fixed grids, over month and week edges', () => {
    // Sorted ticks 0.1-40 min apart from 2024-01-29 to 2024-03-03 (two month ends, many week ends).
    const rows: [number, number, number][] = [];
    let seed = 3;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let t = us(2024, 1, 29); t < us(2024, 3, 3); t += Math.floor(100_000 + rand() * 2_400_000_000))
      rows.push([t, 1 + rand() / 100, 1.001 + rand() / 100]);
    for (const raw of ['1s', '1m', '3m', '1h', '4h', '1d', '1w', '1M']) {
      const parsed = parseTimeframe(raw);
      if ('error' in parsed) throw new Error(parsed.error);
      const tf = parsed.timeframe;
      const builder = new TickBarBuilder(tf, 'bid', 'count');
      builder.add(quotes(rows));
      // The reference: each tick floored on its own; a new bar wherever the floor changes.
      const want: Bar[] = [];
      for (const [t, bid] of rows) {
        const start = floorToTimeframe(Math.floor(t / 1000), tf);
        const last = want.at(-1);
        if (last && last.ts === start) {
          last.high = Math.max(last.high, bid);
          last.low = Math.min(last.low, bid);
          last.close = bid;
          last.volume += 1;
          last.trades = (last.trades ?? 0) + 1;
        } else want.push({ ts: start, open: bid, high: bid, low: bid, close: bid, volume: 1, trades: 1 });
      }
      expect(batchToBars(builder.bars()), raw).toEqual(want);
    }
  });
});
