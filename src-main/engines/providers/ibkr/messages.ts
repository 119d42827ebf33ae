// The handful of TWS messages Barcat sends and reads, with their field orders at server version 193
// (see docs/backfill.md, "Interactive Brokers"; ids from the TWS API's EClient/EDecoder).
import type { Field } from './codec';

export const SERVER_VERSION = 193;
export const MIN_SERVER_VERSION = 100;

export const OUT = {
  REQ_CONTRACT_DATA: 9,
  REQ_HISTORICAL_DATA: 20,
  START_API: 71,
  REQ_MATCHING_SYMBOLS: 81,
  REQ_HEAD_TIMESTAMP: 87,
} as const;

export const IN = {
  ERR_MSG: 4,
  NEXT_VALID_ID: 9,
  CONTRACT_DATA: 10,
  MANAGED_ACCTS: 15,
  HISTORICAL_DATA: 17,
  CONTRACT_DATA_END: 52,
  SYMBOL_SAMPLES: 79,
  HEAD_TIMESTAMP: 88,
} as const;

/** The contract fields a request names; conId 0 means "find it by the other fields". */
export interface IbContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/**
 * The contract block of requests 9, 20 and 87 (strike, right, multiplier empty). includeExpired is 1 for
 * a future of one expiry: backtests ask for expired contracts, which IB finds only with it.
 */
export function contractBlock(c: IbContract): Field[] {
  return [
    c.conId,
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    '',
    '',
    '',
    c.exchange,
    c.primaryExch,
    c.currency,
    c.localSymbol,
    c.tradingClass,
    c.secType === 'FUT' ? 1 : 0,
  ];
}

export function startApi(clientId: number): Field[] {
  return [OUT.START_API, 2, clientId, ''];
}

export function reqContractDetails(reqId: number, c: IbContract): Field[] {
  // version 8; then the contract block, secIdType, secId, issuerId
  return [OUT.REQ_CONTRACT_DATA, 8, reqId, ...contractBlock(c), '', '', ''];
}

/** reqMatchingSymbols (81): `81, reqId, pattern`; TWS answers with up to 16 stock contracts. */
export function reqMatchingSymbols(reqId: number, pattern: string): Field[] {
  return [OUT.REQ_MATCHING_SYMBOLS, reqId, pattern];
}

/** One contract of symbolSamples (79). */
export interface SymbolSample {
  conId: number;
  symbol: string;
  secType: string;
  primaryExch: string;
  currency: string;
  /** The kinds of derivatives IB has on it (OPT, FUT, WAR, ...). */
  derivativeSecTypes: string[];
  description: string;
}

/**
 * Message 79 at server version 193: `79, reqId, count`, then per contract `conId, symbol, secType,
 * primaryExchange, currency, derivativeSecTypes count, (type)×count, description, issuerId` (the last
 * two from version 176).
 */
export function parseSymbolSamples(f: string[]): { reqId: number; samples: SymbolSample[] } {
  const n = Number(f[2]);
  const samples: SymbolSample[] = [];
  let i = 3;
  const next = () => f[i++] ?? '';
  for (let k = 0; k < n; k++) {
    const conId = Number(next());
    const symbol = next();
    const secType = next();
    const primaryExch = next();
    const currency = next();
    const derivatives = Number(next());
    const derivativeSecTypes: string[] = [];
    for (let d = 0; d < derivatives; d++) derivativeSecTypes.push(next());
    const description = next();
    next(); // issuerId
    samples.push({ conId, symbol, secType, primaryExch, currency, derivativeSecTypes, description });
  }
  return { reqId: Number(f[1]), samples };
}

export interface HistoricalParams {
  endDateTime: string;
  barSize: string;
  duration: string;
  useRth: boolean;
  whatToShow: string;
}

export function reqHistoricalData(reqId: number, c: IbContract, p: HistoricalParams): Field[] {
  // formatDate 2 = epoch seconds for intraday bars; keepUpToDate 0; chartOptions empty
  return [
    OUT.REQ_HISTORICAL_DATA,
    reqId,
    ...contractBlock(c),
    p.endDateTime,
    p.barSize,
    p.duration,
    p.useRth,
    p.whatToShow,
    2,
    0,
    '',
  ];
}

export function reqHeadTimestamp(reqId: number, c: IbContract, useRth: boolean, whatToShow: string): Field[] {
  return [OUT.REQ_HEAD_TIMESTAMP, reqId, ...contractBlock(c), useRth, whatToShow, 2];
}

/** What contractDetails (10) tells about one match, at server version 193 (no version field). */
export interface ContractMatch {
  contract: IbContract;
  longName: string;
  timeZoneId: string;
}

/** Reads message 10: `10, reqId, symbol, secType, lastTradeDate..., ...` (see docs for the order). */
export function parseContractData(f: string[]): { reqId: number; match: ContractMatch } {
  const at = (i: number) => f[i] ?? '';
  // 0 id, 1 reqId, 2 symbol, 3 secType, 4 lastTradeDateOrContractMonth, 5 lastTradeDate, 6 strike,
  // 7 right, 8 exchange, 9 currency, 10 localSymbol, 11 marketName, 12 tradingClass, 13 conId,
  // 14 minTick, 15 multiplier, 16 orderTypes, 17 validExchanges, 18 priceMagnifier, 19 underConId,
  // 20 longName, 21 primaryExch, 22 contractMonth, 23 industry, 24 category, 25 subcategory, 26 timeZoneId
  return {
    reqId: Number(at(1)),
    match: {
      contract: {
        conId: Number(at(13)),
        symbol: at(2),
        secType: at(3),
        lastTradeDateOrContractMonth: at(4),
        exchange: at(8),
        primaryExch: at(21),
        currency: at(9),
        localSymbol: at(10),
        tradingClass: at(12),
      },
      longName: at(20),
      timeZoneId: at(26),
    },
  };
}

export interface WireBar {
  date: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  wap: string;
  count: string;
}

/** Message 17 below version 196: `17, reqId, start, end, count`, then 8 fields per bar. */
export function parseHistoricalData(f: string[]): { reqId: number; bars: WireBar[] } {
  const n = Number(f[4]);
  const bars: WireBar[] = [];
  for (let i = 0; i < n; i++) {
    const b = f.slice(5 + i * 8, 13 + i * 8);
    bars.push({
      date: b[0] ?? '',
      open: b[1] ?? '',
      high: b[2] ?? '',
      low: b[3] ?? '',
      close: b[4] ?? '',
      volume: b[5] ?? '',
      wap: b[6] ?? '',
      count: b[7] ?? '',
    });
  }
  return { reqId: Number(f[1]), bars };
}

/** Message 4 below version 194: `4, 2, reqId, code, text[, advancedOrderRejectJson]`. */
export function parseError(f: string[]): { reqId: number; code: number; text: string } {
  return { reqId: Number(f[2]), code: Number(f[3]), text: f[4] ?? '' };
}
