// reqHistoricalData: timeframes to IB bar sizes, ranges cut to IB's longest duration per bar size
// (its step-size table), paced, with 162 "no data" as an empty answer and 162 pacing as a back-off.
import type { Bar } from '../../../../src-shared/domain/bar';
import type { IbkrSeries } from '../../../../src-shared/domain/ibkr';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { ProtocolError } from '../errors';
import type { FetchContext } from '../types';
import { classify162, IbError, requestError } from './errors';
import {
  type IbContract,
  IN,
  parseHistoricalData,
  reqHeadTimestamp,
  reqHistoricalData,
  type WireBar,
} from './messages';
import { exchange, type IbSession } from './session';

const S = 1000;
const DAY_MS = 86_400 * S;

/** IB bar size per timeframe, and the longest duration one request of it may cover. */
export const BAR_SIZES: Partial<Record<Timeframe, { barSize: string; maxMs: number }>> = {
  '1s': { barSize: '1 secs', maxMs: 1800 * S },
  '1m': { barSize: '1 min', maxMs: DAY_MS },
  '3m': { barSize: '3 mins', maxMs: 7 * DAY_MS },
  '5m': { barSize: '5 mins', maxMs: 7 * DAY_MS },
  '15m': { barSize: '15 mins', maxMs: 7 * DAY_MS },
  '30m': { barSize: '30 mins', maxMs: 30 * DAY_MS },
  '1h': { barSize: '1 hour', maxMs: 30 * DAY_MS },
  '2h': { barSize: '2 hours', maxMs: 30 * DAY_MS },
  '4h': { barSize: '4 hours', maxMs: 30 * DAY_MS },
  '8h': { barSize: '8 hours', maxMs: 30 * DAY_MS },
  '1d': { barSize: '1 day', maxMs: 365 * DAY_MS },
};

/** After a pacing violation TWS still reported: wait this long, at most this many times. */
const PACING_BACKOFF_MS = 60_000;
const PACING_TRIES = 3;

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyymmdd-hh:mm:ss`, the UTC form of endDateTime. */
export function ibUtc(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Seconds up to a day, whole days beyond (IB's "S" unit stops at 86400). */
export function ibDuration(ms: number): string {
  return ms <= DAY_MS ? `${Math.ceil(ms / S)} S` : `${Math.ceil(ms / DAY_MS)} D`;
}

/** A bar's time: `yyyymmdd` (daily, the exchange date, kept as that UTC date) or epoch seconds. */
export function barTime(date: string): number {
  const day = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (day) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  if (/^\d{9,11}$/.test(date)) return Number(date) * S;
  throw new ProtocolError(`TWS bar time "${date}" is neither yyyymmdd nor epoch seconds`);
}

function toBar(w: WireBar): Bar {
  const volume = Number(w.volume);
  const wap = Number(w.wap);
  const count = Number(w.count);
  return {
    ts: barTime(w.date),
    open: Number(w.open),
    high: Number(w.high),
    low: Number(w.low),
    close: Number(w.close),
    // -1: not applicable (MIDPOINT, BID, ASK have no volume)
    volume: Math.max(0, volume),
    ...(wap > 0 ? { vwap: wap } : {}),
    ...(count > 0 ? { trades: count } : {}),
  };
}

/** IB's "same contract, exchange and tick type" (a continuous future has conId 0: its symbol names it). */
function pacingKey(c: IbContract, s: IbkrSeries): string {
  return `${c.conId}|${c.symbol}|${c.secType}|${c.exchange}|${s.whatToShow}`;
}

/** One window's bars: paced, sent, answered; 162 "no data" is no bars, 162 pacing waits and asks again. */
async function requestWindow(
  session: IbSession,
  ctx: FetchContext,
  contract: IbContract,
  s: IbkrSeries,
  barSize: string,
  from: number,
  to: number,
  what: string,
): Promise<WireBar[]> {
  const params = {
    endDateTime: ibUtc(to),
    barSize,
    duration: ibDuration(to - from),
    useRth: s.useRth,
    whatToShow: s.whatToShow,
  };
  const identity = `${JSON.stringify(contract)}|${JSON.stringify(params)}`;
  const contractKey = pacingKey(contract, s);
  for (let tries = 1; ; tries++) {
    const answer = await session.run(ctx, async (conn) => {
      const release = await session.pacer.acquire(identity, contractKey, ctx.clock, ctx.signal);
      ctx.countRequest?.();
      try {
        return await exchange<WireBar[] | 'pacing'>(
          conn,
          (reqId) => reqHistoricalData(reqId, contract, params),
          (f, done) => {
            if (Number(f[0]) === IN.HISTORICAL_DATA) done(parseHistoricalData(f).bars);
          },
          (code, text) => {
            if (code !== 162) return requestError(code, text, what);
            const kind = classify162(text);
            if (kind === 'no-data') return { value: [] };
            if (kind === 'pacing') return { value: 'pacing' };
            return new IbError(
              'IB_ERROR',
              `Interactive Brokers historical data error for ${what}: ${text}`,
              162,
            );
          },
        );
      } finally {
        release();
      }
    });
    if (answer !== 'pacing') return answer;
    session.pacer.violations++;
    if (tries >= PACING_TRIES)
      throw new IbError(
        'IB_PACING',
        `Interactive Brokers reported ${tries} pacing violations in a row for ${what} (error 162); another program on this TWS login may be asking for history too`,
        162,
      );
    await ctx.clock.sleep(PACING_BACKOFF_MS, ctx.signal);
  }
}

/** Every bar in [from, to): one request per window of the bar size's longest duration, oldest first. */
export async function historicalBars(
  session: IbSession,
  ctx: FetchContext,
  contract: IbContract,
  s: IbkrSeries,
  timeframe: Timeframe,
  from: number,
  to: number,
  what: string,
): Promise<Bar[]> {
  const size = BAR_SIZES[timeframe];
  if (!size)
    throw new IbError(
      'IB_ERROR',
      `Interactive Brokers has no ${timeframe} bars; it serves ${Object.keys(BAR_SIZES).join(' ')}`,
      null,
      true,
    );
  const out: Bar[] = [];
  for (let start = from; start < to; start += size.maxMs) {
    const end = Math.min(to, start + size.maxMs);
    for (const w of await requestWindow(session, ctx, contract, s, size.barSize, start, end, what)) {
      const bar = toBar(w);
      if (bar.ts >= start && bar.ts < end) out.push(bar);
    }
  }
  return out;
}

/** Where IB's history of the contract starts (reqHeadTimestamp), in ms UTC; paced like a data request. */
export function headTimestamp(
  session: IbSession,
  ctx: FetchContext,
  contract: IbContract,
  s: IbkrSeries,
  what: string,
): Promise<number> {
  const identity = `${JSON.stringify(contract)}|head|${s.whatToShow}|${s.useRth}`;
  const contractKey = pacingKey(contract, s);
  return session.run(ctx, async (conn) => {
    const release = await session.pacer.acquire(identity, contractKey, ctx.clock, ctx.signal);
    try {
      return await exchange<number>(
        conn,
        (reqId) => reqHeadTimestamp(reqId, contract, s.useRth, s.whatToShow),
        (f, done) => {
          if (Number(f[0]) === IN.HEAD_TIMESTAMP) done(barTime(f[2] ?? ''));
        },
        (code, text) => requestError(code, text, what),
      );
    } finally {
      release();
    }
  });
}
