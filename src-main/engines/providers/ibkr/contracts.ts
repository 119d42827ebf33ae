// A series (venue, symbol) to one IB contract through reqContractDetails, cached per series. Stocks are
// asked for on SMART in USD; the venue picks among the answers by primary exchange. Several left (or
// none on the venue) is an error listing the candidates, pinned with the series' conId setting.
import type { FetchContext } from '../types';
import { IbError, requestError } from './errors';
import { type ContractMatch, type IbContract, IN, parseContractData, reqContractDetails } from './messages';
import { exchange, type IbSession } from './session';
import type { IbSettings } from './settings';

/** Venues whose IB primary exchange has another name. */
const PRIMARY_ALIASES: Record<string, string[]> = {
  NASDAQ: ['NASDAQ', 'ISLAND'],
  NYSE: ['NYSE'],
  ARCA: ['ARCA', 'NYSEARCA'],
  AMEX: ['AMEX', 'NYSEAMERICAN'],
};

function onVenue(m: ContractMatch, venue: string): boolean {
  const v = venue.toUpperCase();
  return (PRIMARY_ALIASES[v] ?? [v]).includes(m.contract.primaryExch.toUpperCase());
}

function describe(m: ContractMatch): string {
  const c = m.contract;
  return `conId ${c.conId} ${c.symbol} ${c.secType} on ${c.primaryExch || c.exchange} in ${c.currency}${m.longName ? ` (${m.longName})` : ''}`;
}

/** Every contract TWS has for the query, in its order. */
export function contractDetails(session: IbSession, ctx: FetchContext, query: IbContract, what: string) {
  return session.run(ctx, (conn) => {
    const found: ContractMatch[] = [];
    return exchange<ContractMatch[]>(
      conn,
      (reqId) => reqContractDetails(reqId, query),
      (f, done) => {
        if (Number(f[0]) === IN.CONTRACT_DATA) found.push(parseContractData(f).match);
        else if (Number(f[0]) === IN.CONTRACT_DATA_END) done(found);
      },
      (code, text) => requestError(code, text, what),
    );
  });
}

export async function resolveContract(
  session: IbSession,
  ctx: FetchContext,
  venue: string,
  symbol: string,
  s: IbSettings,
): Promise<ContractMatch> {
  const cacheKey = `${venue}:${symbol}:${s.conId}`;
  const cached = session.contracts.get(cacheKey);
  if (cached) return cached;
  const query: IbContract = {
    conId: s.conId,
    symbol: s.conId ? '' : symbol,
    secType: s.conId ? '' : 'STK',
    lastTradeDateOrContractMonth: '',
    exchange: s.conId ? '' : 'SMART',
    primaryExch: '',
    currency: s.conId ? '' : 'USD',
    localSymbol: '',
    tradingClass: '',
  };
  const what = s.conId ? `conId ${s.conId}` : `${venue}:${symbol}`;
  const matches = await contractDetails(session, ctx, query, what);
  const onIt = s.conId
    ? matches.filter((m) => m.contract.conId === s.conId)
    : matches.filter((m) => onVenue(m, venue));
  const candidates = onIt.length ? onIt : matches;
  if (candidates.length !== 1 || (!s.conId && onIt.length === 0 && venue))
    throw new IbError(
      'IB_AMBIGUOUS_CONTRACT',
      candidates.length === 0
        ? `Interactive Brokers has no contract for ${what}`
        : `Interactive Brokers has ${candidates.length} contracts for ${what}${onIt.length ? '' : ` and none on ${venue}`}: ${candidates.map(describe).join('; ')}. Pin one for the series with its conId (base URL tws://HOST:PORT?clientId=N&conId=ID)`,
      null,
      true,
    );
  // Asked on SMART: routed there, the primary exchange names it.
  const m = candidates[0]!;
  const picked = { ...m, contract: { ...m.contract, exchange: m.contract.exchange || 'SMART' } };
  session.contracts.set(cacheKey, picked);
  return picked;
}
