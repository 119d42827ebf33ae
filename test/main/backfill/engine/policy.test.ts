import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../src-main/engines/backfill/requests/clock';
import { HostLimiter, limiterOptionsFor } from '../../../../src-main/engines/backfill/requests/limiter';
import { planRequests } from '../../../../src-main/engines/backfill/requests/planner';
import { backoffMs, classify, DEFAULT_RETRY } from '../../../../src-main/engines/backfill/requests/retry';
import { cleanBars } from '../../../../src-main/engines/backfill/requests/validate';
import { KlinesSchema } from '../../../../src-main/engines/providers/binance/klines';
import {
  HttpStatusError,
  ProtocolError,
  TransportError,
} from '../../../../src-main/engines/providers/errors';
import { parseJson } from '../../../../src-main/engines/providers/json';
import { DAY, MIN } from '../helpers';

/** A clock whose sleeps move time forward at once: pacing decisions without waiting. */
function fakeClock(start = 0): Clock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('planner', () => {
  it('sizes requests to the provider, oldest first, skipping what queued jobs cover', () => {
    const plan = planRequests({
      gaps: [
        { from: 5000 * MIN, to: 5500 * MIN },
        { from: 0, to: 2500 * MIN },
      ],
      timeframe: '1m',
      maxRowsPerRequest: 1000,
      alreadyQueued: [{ from: 1000 * MIN, to: 2000 * MIN }],
    });
    expect(plan.map((r) => [r.from / MIN, r.to / MIN, r.via])).toEqual([
      [0, 1000, 'rest'],
      [2000, 2500, 'rest'],
      [5000, 5500, 'rest'],
    ]);
  });

  it('prefers archive files for whole months that are over, REST for the rest', () => {
    const from = Date.UTC(2024, 0, 20);
    const to = Date.UTC(2024, 3, 2);
    const plan = planRequests({
      gaps: [{ from, to }],
      timeframe: '1h',
      maxRowsPerRequest: 1000,
      archive: { before: Date.UTC(2024, 2, 15), days: false },
    });
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect(plan.map((r) => [iso(r.from), iso(r.to), r.via])).toEqual([
      ['2024-01-20', '2024-02-01', 'rest'],
      ['2024-02-01', '2024-03-01', 'archive'],
      ['2024-03-01', '2024-04-02', 'rest'],
    ]);
  });
});

describe('retry policy', () => {
  it('full jitter stays in [0, min(cap, base * 2^attempt))', () => {
    expect(backoffMs(DEFAULT_RETRY, 0, () => 0)).toBe(0);
    expect(backoffMs(DEFAULT_RETRY, 3, () => 0.999999)).toBe(3999);
    expect(backoffMs(DEFAULT_RETRY, 20, () => 0.5)).toBe(15_000);
  });

  it('classifies each failure and words the ones that are not retried', () => {
    const http = (s: number, body = '', retryAfterMs?: number) =>
      new HttpStatusError(s, `HTTP ${s}`, retryAfterMs, body);
    expect(classify(http(429, '', 3000), 'Binance spot')).toMatchObject({
      action: 'retry',
      budget: 'rate',
      minWaitMs: 3000,
      pauseHost: true,
    });
    expect(classify(http(418, '', 120_000), 'Binance spot')).toMatchObject({
      action: 'ban',
      waitMs: 120_000,
    });
    expect(classify(http(502), 'Binance spot')).toMatchObject({ action: 'retry', budget: 'error' });
    expect(classify(new TransportError('no answer within 30000 ms', true), 'x')).toMatchObject({
      action: 'retry',
    });
    expect(classify(new ProtocolError('truncated'), 'x')).toMatchObject({ action: 'retry' });
    expect(classify(http(451), 'Binance spot')).toEqual({
      action: 'stop',
      stopJob: true,
      permanent: false,
      message: 'Binance spot refuses requests from this region (HTTP 451); set another base URL (--base-url)',
    });
    expect(classify(http(403, '<html>WAF</html>'), 'Binance spot')).toMatchObject({
      action: 'stop',
      message:
        "Binance spot refused access (HTTP 403); the key's plan may not cover this data, or a firewall blocks this address",
    });
    expect(classify(http(400, '{"code":-1120,"msg":"Invalid interval."}'), 'Binance spot')).toMatchObject({
      action: 'stop',
      permanent: true,
      message:
        'Binance spot rejected the request (HTTP 400: Invalid interval. (code -1120)); check the symbol, timeframe and range',
    });
  });
});

describe('rate limiter', () => {
  it('a fixed request rate never lets more than R requests into any trailing second', async () => {
    const clock = fakeClock();
    const limiter = new HostLimiter(limiterOptionsFor({ perMinute: 6000 }, 10), clock);
    const sends: number[] = [];
    for (let i = 0; i < 35; i++) {
      const release = await limiter.acquire(2);
      sends.push(clock.t);
      clock.t += 7; // the answer takes 7 ms
      release();
    }
    for (let i = 10; i < sends.length; i++) expect(sends[i]! - sends[i - 10]!).toBeGreaterThanOrEqual(1000);
  });

  it('a pause (Retry-After) holds every request until it has passed', async () => {
    const clock = fakeClock(1000);
    const limiter = new HostLimiter(limiterOptionsFor({ perMinute: 6000 }), clock);
    limiter.pauseUntil(4000);
    await limiter.acquire(2);
    expect(clock.t).toBe(4000);
  });

  it('slows down when the used-weight header nears the budget', async () => {
    const clock = fakeClock(10 * 60_000 + 5000);
    const limiter = new HostLimiter(
      limiterOptionsFor({ perMinute: 6000, usedHeader: 'x-mbx-used-weight-1m' }),
      clock,
    );
    limiter.observe(new Headers({ 'x-mbx-used-weight-1m': '5500' }));
    await limiter.acquire(2);
    expect(clock.t).toBe(11 * 60_000 + 50);
  });
});

describe('bar validation', () => {
  it('drops invalid rows with the catalog rule broken, the still-open bar, and duplicates (counted)', () => {
    const bar = (ts: number, o: number, h: number, l: number, c: number, v = 1) => ({
      ts,
      open: o,
      high: h,
      low: l,
      close: c,
      volume: v,
    });
    const now = 5 * MIN + 30_000;
    const r = cleanBars(
      [
        bar(0, 1, 2, 0.5, 1.5),
        bar(MIN, 1, 0.9, 0.5, 1),
        bar(2 * MIN, 1, 2, 1.2, 1.5),
        bar(3 * MIN + 1, 1, 2, 0.5, 1),
        bar(MIN * 4, 1, 2, 0.5, 1, -1),
        bar(0, 9, 9, 9, 9),
        bar(5 * MIN, 1, 1, 1, 1),
        bar(3 * MIN, 1, Number.NaN, 1, 1),
      ],
      '1m',
      now,
    );
    expect(r.bars.map((b) => b.ts)).toEqual([0]);
    expect(r.bars[0]!.open).toBe(1);
    expect(r.droppedOpen).toBe(1);
    expect(r.rejected.map((x) => x.problem)).toEqual([
      'bar at 1970-01-01T00:01:00.000Z, high: high 0.9 is below max(open 1, close 1)',
      'bar at 1970-01-01T00:02:00.000Z, low: low 1.2 is above min(open 1, close 1.5)',
      'bar at 1970-01-01T00:03:00.001Z, ts: the bar time is not on the 1m grid',
      'bar at 1970-01-01T00:04:00.000Z, volume: volume -1 is negative',
      'bar at 1970-01-01T00:03:00.000Z, high: high NaN is not a finite number',
    ]);
    // The second bar at 00:00 is dropped and counted: the first answer is kept.
    expect(r.duplicates).toEqual({ dropped: 1, firstTs: 0 });
    expect(DAY).toBe(86_400_000);
  });
});

describe('Binance kline rows', () => {
  const res = (text: string) => ({
    status: 200,
    headers: new Headers(),
    body: new TextEncoder().encode(text),
    text: () => text,
  });
  it('reads mixed number/string rows, µs open times included', () => {
    const row = [1735689600000000, '1.5', '2', '1', '1.8', '10', 1735689659999999, '17', 4, '5', '8.5', '0'];
    expect(parseJson(res(JSON.stringify([row])), KlinesSchema, 'klines')).toEqual([
      { ts: 1735689600000, open: 1.5, high: 2, low: 1, close: 1.8, volume: 10, trades: 4, vwap: 1.7 },
    ]);
  });
  it('a malformed row is a ProtocolError naming the row and field', () => {
    const row = [1, '1.5', 'abc', '1', '1.8', '10', 2, '17', 4, '5', '8.5', '0'];
    expect(() => parseJson(res(JSON.stringify([row])), KlinesSchema, '/api/v3/klines BTCUSDT')).toThrow(
      new ProtocolError('/api/v3/klines BTCUSDT: unexpected answer shape at 0: high "abc" is not a number'),
    );
  });
});
