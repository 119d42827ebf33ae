import { describe, expect, it } from 'vitest';
import { allocTicks, type QuoteTicks } from '../../../src-main/engines/catalog/index';
import type { TickCoverage } from '../../../src-shared/domain/ticks';
import { tempCoreOf } from '../temp-core';

// A tick series' coverage by day, as its gap chart shows it: ticks per day, days in session without
// ticks (gaps), days with no session (closed), days a provider checked and found empty.
const us = (y: number, m: number, d: number, h: number) => Date.UTC(y, m - 1, d, h) * 1000;

const { call, core } = tempCoreOf('barcat-tick-coverage-');

function quotes(ts: number[]): QuoteTicks {
  const b = allocTicks('quotes', ts.length) as QuoteTicks;
  ts.forEach((t, i) => {
    b.ts[i] = t;
    b.bid[i] = 1.1;
    b.ask[i] = 1.1002;
  });
  return b;
}

describe('tick coverage by day', () => {
  it('counts ticks per UTC day and names each empty day closed, checked empty or a gap (fx calendar)', async () => {
    const key = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;
    const store = core().catalog().ticks!;
    // Tue 2 Jan: 3 ticks; Wed 3: none; Thu 4: none, checked empty all day; Fri 5: 1; Sat 6: no FX
    // session; Sun 7: the week opens at 17:00 New York, none; Mon 8: 2.
    await store.write(
      key,
      quotes([
        us(2024, 1, 2, 9),
        us(2024, 1, 2, 10),
        us(2024, 1, 2, 11),
        us(2024, 1, 5, 12),
        us(2024, 1, 8, 1),
        us(2024, 1, 8, 2),
      ]),
      { calendar: 'fx' },
    );
    const day4 = Date.UTC(2024, 0, 4);
    await store.recordCheckedEmpty(key, [
      { from: day4, to: day4 + 86_400_000, provider: 'dukascopy', checkedAt: 1 },
    ]);
    const cov = await call<TickCoverage>('tickCoverage', { id: 'DUKASCOPY:EURUSD:quotes' });
    expect(cov.calendar).toBe('fx');
    expect(cov.days.map((d) => [d.date, d.state, d.ticks])).toEqual([
      ['2024-01-02', 'ticks', 3],
      ['2024-01-03', 'gap', 0],
      ['2024-01-04', 'empty', 0],
      ['2024-01-05', 'ticks', 1],
      ['2024-01-06', 'closed', 0],
      ['2024-01-07', 'gap', 0],
      ['2024-01-08', 'ticks', 2],
    ]);
    // The table's row counts the same gaps.
    const [row] = await call<{ gapDays: string[] }[]>('listTickSeries');
    expect(row!.gapDays).toEqual(['2024-01-03', '2024-01-07']);
  });

  it('says what is wrong with an id that names no tick series', async () => {
    await expect(call('tickCoverage', { id: 'DUKASCOPY:EURUSD:1m' })).rejects.toThrow(
      'tickCoverage: tick series id "DUKASCOPY:EURUSD:1m" must look like VENUE:SYMBOL:quotes or VENUE:SYMBOL:trades',
    );
    await expect(call('tickCoverage', { id: 'DUKASCOPY:GBPUSD:quotes' })).rejects.toThrow(
      /^tickCoverage: no tick series DUKASCOPY:GBPUSD:quotes in .*; "barcat list" shows what there is$/,
    );
  });
});
