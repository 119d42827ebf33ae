import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import { querySession, run } from '../../helpers/session-bars';
import { cli } from '../catalog/cli-io';
import { fileTempDir } from '../catalog/helpers';

const tmp = fileTempDir('barcat-session-');
const cat = () => ['--catalog', tmp.dir];

const PRE_MARKET = { ts: Date.UTC(2024, 2, 11, 12, 0), open: 1, high: 9999, low: 0.5, close: 1, volume: 500 };

beforeAll(async () => {
  const catalog = await openCatalog(tmp.dir);
  const stock = [
    // Friday before the DST change: 09:30-16:00 EST is 14:30-21:00 UTC.
    ...run(Date.UTC(2024, 2, 8, 14, 30), 390, 100),
    PRE_MARKET,
    // Monday after it (2024-03-10 02:00 New York): 09:30-16:00 EDT is 13:30-20:00 UTC; 10:45 EDT is missing.
    ...run(Date.UTC(2024, 2, 11, 13, 30), 390, 200, MINUTE, [75]),
    // The day after Thanksgiving closes at 13:00 EST: 14:30-18:00 UTC, 210 bars.
    ...run(Date.UTC(2024, 10, 29, 14, 30), 210, 300),
  ];
  await catalog.write({ venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1m' }, batchFromBars(stock), 'merge');
  const fx = [
    // Trading date Friday 03-08: Thursday 17:00 EST (22:00 UTC) to Friday 17:00 EST.
    ...run(Date.UTC(2024, 2, 7, 22), 24, 10, HOUR),
    // Trading date Monday 03-11: Sunday 17:00 EDT (21:00 UTC, DST began that morning) to Monday 17:00 EDT.
    ...run(Date.UTC(2024, 2, 10, 21), 24, 50, HOUR),
  ];
  await catalog.write({ venue: 'FX', symbol: 'EURUSD', timeframe: '1h' }, batchFromBars(fx), 'merge');
  await catalog.close();
});

async function bars(series: string, tf: string, ...more: string[]) {
  const r = await querySession(tmp.dir, series, tf, more);
  expect(r.code).toBe(0);
  return r;
}

const bar = (ts: string, open: number, last: number, volume: number, complete: boolean) => ({
  ts,
  open,
  high: last + 0.5,
  low: open - 0.5,
  close: last + 0.25,
  volume,
  complete,
});

describe('session-aligned resampling (xnas and fx calendars)', () => {
  it('1m -> 1d: each daily bar covers 09:30-16:00 New York across the DST change, 13:00 on the early close', async () => {
    const r = await bars('NASDAQ:AAPL:1m', '1d');
    expect(r.bars).toEqual([
      bar('2024-03-08T00:00:00.000Z', 100, 489, 390, true),
      bar('2024-03-11T00:00:00.000Z', 200, 589, 389, false),
      bar('2024-11-29T00:00:00.000Z', 300, 509, 210, true),
    ]);
    expect(r.stderr).toBe('1 source bars outside every session left out\n');
  });

  it('1m -> 1h: hours start at 09:30; the last one ends at the close (16:00, or 13:00 on the early close)', async () => {
    const r = await bars('NASDAQ:AAPL:1m', '1h', '--from', '2024-03-11', '--to', '2024-12-01');
    expect(r.bars).toEqual([
      bar('2024-03-11T13:30:00.000Z', 200, 259, 60, true),
      bar('2024-03-11T14:30:00.000Z', 260, 319, 59, false),
      bar('2024-03-11T15:30:00.000Z', 320, 379, 60, true),
      bar('2024-03-11T16:30:00.000Z', 380, 439, 60, true),
      bar('2024-03-11T17:30:00.000Z', 440, 499, 60, true),
      bar('2024-03-11T18:30:00.000Z', 500, 559, 60, true),
      bar('2024-03-11T19:30:00.000Z', 560, 589, 30, true),
      bar('2024-11-29T14:30:00.000Z', 300, 359, 60, true),
      bar('2024-11-29T15:30:00.000Z', 360, 419, 60, true),
      bar('2024-11-29T16:30:00.000Z', 420, 479, 60, true),
      bar('2024-11-29T17:30:00.000Z', 480, 509, 30, true),
    ]);
    const friday = await bars('NASDAQ:AAPL:1m', '1h', '--to', '2024-03-09', '--complete-only');
    expect(friday.bars.map((b) => b.ts)).toEqual([
      '2024-03-08T14:30:00.000Z',
      '2024-03-08T15:30:00.000Z',
      '2024-03-08T16:30:00.000Z',
      '2024-03-08T17:30:00.000Z',
      '2024-03-08T18:30:00.000Z',
      '2024-03-08T19:30:00.000Z',
      '2024-03-08T20:30:00.000Z',
    ]);
  });

  it('1m -> 1w: a week gathers its trading dates (keyed Monday 00:00 UTC); bars between sessions stay out', async () => {
    const r = await bars('NASDAQ:AAPL:1m', '1w');
    expect(r.bars).toEqual([
      bar('2024-03-04T00:00:00.000Z', 100, 489, 390, false),
      bar('2024-03-11T00:00:00.000Z', 200, 589, 389, false),
      bar('2024-11-25T00:00:00.000Z', 300, 509, 210, false),
    ]);
    expect(r.stderr).toBe('1 source bars outside every session left out\n');
  });

  it('FX 1h -> 1d: the day closes at 17:00 New York, 22:00 UTC before the DST change and 21:00 after', async () => {
    const r = await bars('FX:EURUSD:1h', '1d');
    expect(r.bars).toEqual([
      bar('2024-03-08T00:00:00.000Z', 10, 33, 24, true),
      bar('2024-03-11T00:00:00.000Z', 50, 73, 24, true),
    ]);
    expect(r.stderr).toBe('');
  });

  it('utc alignment: an out-of-session bar does not make up for a missing session bar', async () => {
    const r = await cli(['query', 'NASDAQ:AAPL:1m', '--timeframe', '1d', '--format', 'json', ...cat()]);
    expect(JSON.parse(r.stdout)).toEqual([
      bar('2024-03-08T00:00:00.000Z', 100, 489, 390, true),
      // 389 session bars and the 08:00 pre-market bar: 390 bars, one session minute missing.
      {
        ts: '2024-03-11T00:00:00.000Z',
        open: 1,
        high: 9999,
        low: 0.5,
        close: 589.25,
        volume: 889,
        complete: false,
      },
      bar('2024-11-29T00:00:00.000Z', 300, 509, 210, true),
    ]);
  });
});
