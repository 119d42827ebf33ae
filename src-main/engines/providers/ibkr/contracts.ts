// A series (venue, symbol, its IB settings) to one IB contract through reqContractDetails, cached per
// series. Stocks are asked for on SMART in USD and picked by primary exchange; futures on the venue as
// their exchange, with the expiry chosen (FUT) or IB's continuous contract (CONTFUT). Several left (or
// none on the venue) is an error listing the candidates: the user chooses one conId for the series.
import { type IbCandidate, type IbkrSeries, ibkrRoot } from '../../../../src-shared/domain/ibkr';
import type { FetchContext } from '../types';
import { IbError, requestError } from './errors';
import { type ContractMatch, type IbContract, IN, parseContractData, reqContractDetails } from './messages';
import { exchange, type IbSession } from './session';

/** Venues whose IB primary exchange has another name. */
const PRIMARY_ALIASES: Record<string, string[]> = {
  NASDAQ: ['NASDAQ', 'ISLAND'],
  NYSE: ['NYSE'],
  ARCA: ['ARCA', 'NYSEARCA'],
  AMEX: ['AMEX', 'NYSEAMERICAN'],
};

export function candidateOf(m: ContractMatch): IbCandidate {
  const c = m.contract;
  return {
    conId: c.conId,
    symbol: c.symbol,
    secType: c.secType,
    exchange: c.exchange,
    primaryExch: c.primaryExch,
    currency: c.currency,
    expiry: c.lastTradeDateOrContractMonth,
    description: m.longName,
  };
}

function onVenue(m: ContractMatch, venue: string, s: IbkrSeries): boolean {
  const v = venue.toUpperCase();
  // Futures trade on their exchange (CME, CBOT, ...): the venue is it. Stocks route through SMART.
  if (s.secType !== 'STK') return m.contract.exchange.toUpperCase() === v;
  return (PRIMARY_ALIASES[v] ?? [v]).includes(m.contract.primaryExch.toUpperCase());
}

function describe(c: IbCandidate): string {
  const expiry = c.expiry ? ` ${c.expiry}` : '';
  return `conId ${c.conId} ${c.symbol} ${c.secType}${expiry} on ${c.exchange}${c.primaryExch ? ` (primary ${c.primaryExch})` : ''} in ${c.currency}${c.description ? `, ${c.description}` : ''}`;
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

/** What reqContractDetails is asked: the chosen conId alone, else the series' symbol and kind. */
function queryOf(venue: string, root: string, s: IbkrSeries): IbContract {
  const none = {
    conId: 0,
    symbol: '',
    secType: '',
    lastTradeDateOrContractMonth: '',
    exchange: '',
    primaryExch: '',
    currency: '',
    localSymbol: '',
    tradingClass: '',
  };
  // A future's kind goes with its conId: IB then looks among expired contracts too (includeExpired).
  if (s.conId) return { ...none, conId: s.conId, secType: s.secType === 'FUT' ? 'FUT' : '' };
  if (s.secType === 'STK')
    return { ...none, symbol: root, secType: 'STK', exchange: 'SMART', currency: 'USD' };
  return {
    ...none,
    symbol: root,
    secType: s.secType,
    lastTradeDateOrContractMonth: s.expiry ?? '',
    exchange: venue,
  };
}

function seriesName(venue: string, symbol: string, s: IbkrSeries): string {
  return s.conId ? `conId ${s.conId}` : venue ? `${venue}:${symbol}` : symbol;
}

/** The contracts the series could mean: all on its venue ('' = any), or the chosen conId's. */
export async function seriesCandidates(
  session: IbSession,
  ctx: FetchContext,
  venue: string,
  symbol: string,
  s: IbkrSeries,
): Promise<{ candidates: ContractMatch[]; onVenue: boolean }> {
  const root = ibkrRoot(symbol, s);
  if ('error' in root) throw new IbError('IB_BAD_SERIES', `Interactive Brokers: ${root.error}`, null, true);
  const matches = await contractDetails(
    session,
    ctx,
    queryOf(venue, root.root, s),
    seriesName(venue, symbol, s),
  );
  const onIt = s.conId
    ? matches.filter((m) => m.contract.conId === s.conId)
    : venue
      ? matches.filter((m) => onVenue(m, venue, s))
      : matches;
  return { candidates: onIt.length ? onIt : matches, onVenue: onIt.length > 0 };
}

export async function resolveContract(
  session: IbSession,
  ctx: FetchContext,
  venue: string,
  symbol: string,
  s: IbkrSeries,
): Promise<ContractMatch> {
  const cacheKey = `${venue}:${symbol}:${s.secType}:${s.expiry ?? ''}:${s.conId}`;
  const cached = session.contracts.get(cacheKey);
  if (cached) return cached;
  const what = seriesName(venue, symbol, s);
  const { candidates, onVenue: onIt } = await seriesCandidates(session, ctx, venue, symbol, s);
  if (candidates.length !== 1 || !onIt) {
    const list = candidates.map(candidateOf);
    throw new IbError(
      'IB_AMBIGUOUS_CONTRACT',
      list.length === 0
        ? `Interactive Brokers has no contract for ${what}`
        : `Interactive Brokers has ${list.length} contracts for ${what}${onIt ? '' : ` and none on ${venue}`}: ${list.map(describe).join('; ')}. Choose one for the series: in its details (Contract), or with --con-id ID`,
      null,
      true,
      list,
    );
  }
  // Asked on SMART: routed there, the primary exchange names it.
  const m = candidates[0]!;
  const picked = { ...m, contract: { ...m.contract, exchange: m.contract.exchange || 'SMART' } };
  session.contracts.set(cacheKey, picked);
  return picked;
}

/**
 * The contract block of the series' data requests: the resolved contract; a continuous future by its
 * symbol, kind and exchange (IB's CONTFUT has no conId of its own to ask by).
 */
export function dataContract(m: ContractMatch, s: IbkrSeries): IbContract {
  if (s.secType !== 'CONTFUT') return m.contract;
  const c = m.contract;
  return {
    conId: 0,
    symbol: c.symbol,
    secType: 'CONTFUT',
    lastTradeDateOrContractMonth: '',
    exchange: c.exchange,
    primaryExch: '',
    currency: c.currency,
    localSymbol: '',
    tradingClass: '',
  };
}
