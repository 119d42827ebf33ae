// What the TWS stand-in serves: contracts (one ambiguous symbol) and deterministic bars inside the
// xnys sessions (xnys-ext outside regular hours), so a test can compute the exact bars it expects.
import { requireCalendar } from '../../../src-main/engines/calendars/index';
import type { StandInBar, StandInContract } from './stand-in';

export const IBM = {
  conId: 8314,
  symbol: 'IBM',
  primaryExch: 'NYSE',
  currency: 'USD',
  longName: 'INTL BUSINESS MACHINES CORP',
};
export const AAPL = {
  conId: 265598,
  symbol: 'AAPL',
  primaryExch: 'NASDAQ',
  currency: 'USD',
  longName: 'APPLE INC',
};
/** Two NYSE listings under one symbol: resolving it by symbol and venue is ambiguous. */
export const SHEL_A = {
  conId: 1001,
  symbol: 'SHEL',
  primaryExch: 'NYSE',
  currency: 'USD',
  longName: 'SHELL PLC-ADR',
};
export const SHEL_B = {
  conId: 1002,
  symbol: 'SHEL',
  primaryExch: 'NYSE',
  currency: 'USD',
  longName: 'SHELL PLC-ADR WHEN ISSUED',
};
export const CONTRACTS: StandInContract[] = [IBM, AAPL, SHEL_A, SHEL_B];

/** AAPL as a symbol search through ibkr lists it. */
export const AAPL_FOUND = {
  symbol: 'AAPL',
  name: 'APPLE INC',
  assetClass: 'STK',
  exchange: 'NASDAQ',
  status: 'trading',
  delisted: false,
  currency: 'USD',
  conId: 265598,
};

const DAY = 86_400_000;

/** The bar opening at `ts` of contract `conId`: prices in cents steps, exact in binary after parsing. */
export function barAt(conId: number, ts: number): StandInBar {
  const k = ts / 60_000 + conId;
  const open = 100 + (k % 500) / 4;
  const close = open + ((k % 7) - 3) / 4;
  return {
    ts,
    open,
    high: Math.max(open, close) + 0.25,
    low: Math.min(open, close) - 0.25,
    close,
    volume: 100 + (k % 1000),
  };
}

/** Every bar of [from, to) at `barMs` inside the sessions (regular, or extended too). */
export function sessionBars(
  conId: number,
  barMs: number,
  from: number,
  to: number,
  useRth: boolean,
): StandInBar[] {
  const cal = requireCalendar(useRth ? 'xnys' : 'xnys-ext');
  const out: StandInBar[] = [];
  for (let day = Math.floor(from / DAY) - 1; day * DAY < to; day++) {
    // Daily bars: one per trading date, keyed by the date.
    if (barMs >= DAY) {
      if (cal.isTradingDay(day) && day * DAY >= from) out.push(barAt(conId, day * DAY));
      continue;
    }
    for (const s of cal.sessionsOn(day))
      for (let t = Math.ceil(Math.max(s.from, from) / barMs) * barMs; t < Math.min(s.to, to); t += barMs)
        out.push(barAt(conId, t));
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** A clock that only moves when someone waits on it: ten minutes of pacing pass in no real time. */
export function virtualClock(start: number) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) {
        const err = new Error('cancelled');
        err.name = 'AbortError';
        throw err;
      }
      t += Math.max(0, ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

/** E-mini S&P 500 futures on CME: two expiries, and IB's continuous contract standing for the front one. */
export const ES_H5: StandInContract = {
  conId: 495512551,
  symbol: 'ES',
  secType: 'FUT',
  exchange: 'CME',
  expiry: '20250321',
  primaryExch: '',
  currency: 'USD',
  longName: 'E-mini S&P 500',
};
export const ES_M5: StandInContract = { ...ES_H5, conId: 551601561, expiry: '20250620' };
export const ES_CONT: StandInContract = { ...ES_H5, secType: 'CONTFUT' };
export const FUTURES: StandInContract[] = [ES_H5, ES_M5, ES_CONT];
