import { describe, expect, it } from 'vitest';
import { tickWorkspaces } from './helpers';

const workspace = tickWorkspaces();
// The Jan 3 Dukascopy file, without sizes: both tests store it, the second with one more tick.
const JAN3_NO_SIZES = ['Gmt time,Ask,Bid', '03.01.2024 00:00:20.000,1.25,1.05'];

describe('barcat query --from-ticks reads the stored ticks file by file into the bars', () => {
  it('a bar across two days, a day with sizes and a day without: the bars of all the ticks as one', async () => {
    const ws = await workspace();
    await ws.keepTicks('EURUSD_Ticks_a.csv', [
      'Gmt time,Ask,Bid,AskVolume,BidVolume',
      '02.01.2024 23:59:10.000,1.2,1.1,1,2',
      '02.01.2024 23:59:50.000,1.4,1.3,1,1',
    ]);
    await ws.keepTicks('EURUSD_Ticks_b.csv', JAN3_NO_SIZES);
    const bars = (timeframe: string, price: string) =>
      ws.cli([
        'query',
        'DUKASCOPY:EURUSD:quotes',
        '--from-ticks',
        '--timeframe',
        timeframe,
        '--price',
        price,
      ]);
    // Two files (two days): bid sizes on one of them sum; the other's ticks count 0.
    expect((await bars('1d', 'bid')).stdout).toBe(
      [
        'ts,open,high,low,close,volume,trades',
        '2024-01-02T00:00:00.000Z,1.1,1.3,1.1,1.3,3,2',
        '2024-01-03T00:00:00.000Z,1.05,1.05,1.05,1.05,0,1',
        '',
      ].join('\n'),
    );
    // A bar over both files; with sizes on only some ticks, mid still sums them (both sides are stored).
    expect((await bars('1w', 'mid')).stdout).toBe(
      ['ts,open,high,low,close,volume,trades', '2024-01-01T00:00:00.000Z,1.15,1.35,1.15,1.15,2.5,3', ''].join(
        '\n',
      ),
    );
  });

  it('no sizes stored at all: the volume is the tick count', async () => {
    const ws = await workspace();
    await ws.keepTicks('EURUSD_Ticks_b.csv', [...JAN3_NO_SIZES, '03.01.2024 00:00:40.000,1.35,1.15']);
    const r = await ws.cli(['query', 'DUKASCOPY:EURUSD:quotes', '--from-ticks', '--timeframe', '1m']);
    expect(r.stdout).toBe(
      ['ts,open,high,low,close,volume,trades', '2024-01-03T00:00:00.000Z,1.15,1.25,1.15,1.25,2,2', ''].join(
        '\n',
      ),
    );
  });
});
