import { describe, expect, it } from 'vitest';
import { allocTicks, type TradeTicks } from '../../../src-main/engines/catalog/index';
import { readInThread } from '../../../src-main/engines/catalog/read/partition-decoder';
import { TickStore } from '../../../src-main/engines/catalog/ticks/tick-store';
import { closeAfterEach } from '../../helpers/close-after';
import { openedTempCatalog, tickRows, us } from './helpers';

// A read on this thread decodes each tick file straight into its columns (tick-read.ts, over
// parquet/ffi-decode.ts); a read shared with workers goes through Arrow tables. Both give the same
// ticks: every column type (µs times, float64, int8 side with nulls, int64 id with nulls).

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', kind: 'trades' } as const;
const opened = closeAfterEach();

/** Trades over two days: sides buy, sell and unknown (0), ids with some missing (NaN), sizes all set. */
function trades(): TradeTicks {
  const n = 5_000;
  const b = allocTicks('trades', n, ['side', 'id']) as TradeTicks;
  for (let i = 0; i < n; i++) {
    b.ts[i] = us(2024, 3, 1, 20) + i * 37_000_123;
    b.price[i] = 60_000 + (i % 97) * 0.01;
    b.size[i] = 0.001 * ((i % 11) + 1);
    b.side![i] = [1, -1, 0][i % 3]!;
    b.id![i] = i % 10 === 0 ? Number.NaN : 9_007_199_254_000_000 + i;
  }
  return b;
}

describe('tick files read on this thread', () => {
  it('decode into columns the ticks a table read gives, each column type and null as written', async () => {
    const { dir, cat } = await openedTempCatalog(opened, 'barcat-tick-direct-');
    const written = trades();
    await cat.ticks.write(KEY, written);
    const locked = <T>(fn: () => Promise<T>) => fn();
    const direct = new TickStore(dir, locked);
    const tables = new TickStore(dir, locked, {
      read: readInThread,
      decodesHere: () => false,
      decodedHere: () => {},
    });
    const want = tickRows(written);
    expect(tickRows(await direct.query(KEY))).toEqual(want);
    expect(tickRows(await tables.query(KEY))).toEqual(want);
    // Only the columns asked for: the rest of the required ones read as NaN, on both paths.
    const some: number[][] = [];
    await direct.scan(KEY, undefined, (b) => some.push(...tickRows(b)), ['price']);
    const someTables: number[][] = [];
    await tables.scan(KEY, undefined, (b) => someTables.push(...tickRows(b)), ['price']);
    expect(some).toEqual(want.map(([ts, price]) => [ts, price, Number.NaN, 0, Number.NaN]));
    expect(someTables).toEqual(some);
  });
});
