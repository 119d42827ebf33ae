import { describe, expect, it } from 'vitest';
import { createTradingCalendar } from '../../../src-main/engines/calendars/trading-calendar';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import { resampleBatch } from '../../../src-main/engines/resample/index';
import { DAY, HOUR, MINUTE } from '../../../src-shared/domain/timeframe';

// Two sessions a day, 01:00-03:30 and 05:00-07:00 UTC, as markets with a lunch break have.
const lunch = createTradingCalendar({
  name: 'lunch',
  description: 'test',
  timeZone: 'UTC',
  sessionsOf: () => [
    { open: 60, close: 210 },
    { open: 300, close: 420 },
  ],
});

const DAY0 = Date.UTC(2024, 3, 2);
const minutes = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) => ({
    ts: from + k * MINUTE,
    open: 1,
    high: 2,
    low: 1,
    close: 2,
    volume: 1,
  }));

describe('session alignment with more than one session a day', () => {
  it('a daily bar joins the sessions and leaves out a bar in the break (counted)', () => {
    const bars = [
      ...minutes(DAY0 + 60 * MINUTE, 150),
      { ts: DAY0 + 240 * MINUTE, open: 9, high: 99, low: 0.5, close: 9, volume: 1000 },
      ...minutes(DAY0 + 300 * MINUTE, 120),
    ];
    const r = resampleBatch(batchFromBars(bars), '1m', '1d', { align: 'session', calendar: lunch });
    expect(Array.from(r.bars.ts)).toEqual([DAY0]);
    expect([r.bars.open[0], r.bars.high[0], r.bars.low[0], r.bars.close[0], r.bars.volume[0]]).toEqual([
      1, 2, 1, 2, 270,
    ]);
    expect(Array.from(r.complete)).toEqual([1]);
    expect(r.outsideBuckets).toBe(1);
  });

  it('hourly bars restart at each session open: 01:00, 02:00, 03:00 (half), 05:00, 06:00', () => {
    const bars = [...minutes(DAY0 + DAY + 60 * MINUTE, 150), ...minutes(DAY0 + DAY + 300 * MINUTE, 120)];
    const r = resampleBatch(batchFromBars(bars), '1m', '1h', { align: 'session', calendar: lunch });
    expect(Array.from(r.bars.ts, (t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '01:00',
      '02:00',
      '03:00',
      '05:00',
      '06:00',
    ]);
    expect(Array.from(r.bars.volume)).toEqual([60, 60, 30, 60, 60]);
    expect(Array.from(r.complete)).toEqual([1, 1, 1, 1, 1]);
  });

  it('a daily bar takes the clock-hour bar that straddles a 09:30 open; intraday bars off the grid are refused', () => {
    const regular = createTradingCalendar({
      name: 'regular',
      description: 'test',
      timeZone: 'UTC',
      sessionsOf: () => [{ open: 570, close: 960 }],
    });
    const hours = Array.from({ length: 7 }, (_, k) => ({
      ts: DAY0 + (9 + k) * HOUR,
      open: 10 + k,
      high: 11 + k,
      low: 9 + k,
      close: 10.5 + k,
      volume: 2,
    }));
    const r = resampleBatch(batchFromBars(hours), '1h', '1d', { align: 'session', calendar: regular });
    expect([r.bars.ts[0], r.bars.open[0], r.bars.close[0], r.bars.volume[0], r.complete[0]]).toEqual([
      DAY0,
      10,
      16.5,
      14,
      1,
    ]);
    expect(r.outsideBuckets).toBe(0);
    expect(() =>
      resampleBatch(batchFromBars(hours), '1h', '2h', { align: 'session', calendar: regular }),
    ).toThrow(
      'the session opening at 2024-04-02T09:30:00.000Z is not on the 1h grid of the bars, so 2h bars cannot start there; use --align utc or a finer series',
    );
  });
});
