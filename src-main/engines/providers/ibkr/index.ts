// Interactive Brokers through the TWS API socket protocol (TWS or IB Gateway running on this machine
// or the network). A small client for the few messages used; see docs/backfill.md for why no library.
import type { Bar } from '../../../../src-shared/domain/bar';
import type { IbCandidate, IbkrSeries } from '../../../../src-shared/domain/ibkr';
import type { SymbolRow } from '../../../../src-shared/domain/job-kinds/keep-current';
import { providerCaps } from '../caps';
import type { BarQuery, Caller, FetchContext, Provider, ProviderCapabilities } from '../types';
import { MAX_MESSAGE } from './codec';
import { candidateOf, dataContract, resolveContract, seriesCandidates } from './contracts';
import { BAR_SIZES, headTimestamp, historicalBars } from './historical';
import type { ContractMatch } from './messages';
import { contextOrReal, ibSession } from './session';
import { DEFAULT_IB_URL, ibSettings, parseIbUrl } from './settings';
import { matchingSymbols } from './symbols';

export { IbError } from './errors';
export { closeIbSessions, ibSession } from './session';
export { DEFAULT_IB_URL, IB_PORTS, ibUrlFromFlags, parseIbUrl, WHAT_TO_SHOW } from './settings';

export const IBKR_CAPS: ProviderCapabilities = providerCaps(BAR_SIZES, {
  name: 'ibkr',
  label: 'Interactive Brokers (TWS API)',
  // The engine's windows: a day of minutes; the provider cuts them to IB's longest duration per bar size.
  maxRowsPerRequest: 1440,
  historyFrom: Date.UTC(1980, 0, 1),
  // 60 historical requests in any 10 minutes; enforced by the provider's own pacer (ibkr/pacing.ts).
  rateLimit: { perMinute: 6 },
  defaultBaseUrl: DEFAULT_IB_URL,
  maxResponseBytes: MAX_MESSAGE,
});

export function ibkr(baseUrl = DEFAULT_IB_URL, series?: IbkrSeries): Provider {
  async function fetchBars(q: BarQuery, _call: Caller, fetchCtx?: FetchContext): Promise<Bar[]> {
    const s = ibSettings(baseUrl, series);
    const ctx = contextOrReal(fetchCtx);
    const session = ibSession(s);
    const venue = q.venue ?? '';
    const m = await resolveContract(session, ctx, venue, q.symbol, s);
    const what = `${venue}:${q.symbol} ${q.timeframe} ${s.whatToShow}`;
    return historicalBars(session, ctx, dataContract(m, s), s, q.timeframe, q.from, q.to, what);
  }
  return { caps: IBKR_CAPS, baseUrl, fetchBars };
}

/** The one contract of a symbol on a venue ('' = any), as `add ibkr:SYMBOL` files it. */
export async function ibkrContract(
  baseUrl: string | undefined,
  venue: string,
  symbol: string,
  series: IbkrSeries | undefined,
  fetchCtx?: FetchContext,
): Promise<ContractMatch> {
  const s = ibSettings(baseUrl, series);
  return resolveContract(ibSession(s), contextOrReal(fetchCtx), venue, symbol, s);
}

/** The contracts a series could mean, for the user to choose one (its conId) once. */
export async function ibkrCandidates(
  baseUrl: string | undefined,
  venue: string,
  symbol: string,
  series: IbkrSeries | undefined,
  fetchCtx?: FetchContext,
): Promise<IbCandidate[]> {
  const s = ibSettings(baseUrl, series);
  const { candidates } = await seriesCandidates(ibSession(s), contextOrReal(fetchCtx), venue, symbol, {
    ...s,
    conId: 0,
  });
  return candidates.map(candidateOf);
}

/** "All history": where IB's data of the series starts (reqHeadTimestamp), in ms UTC. */
export async function ibkrFirstBar(
  baseUrl: string | undefined,
  venue: string,
  symbol: string,
  series: IbkrSeries | undefined,
  fetchCtx?: FetchContext,
): Promise<number> {
  const s = ibSettings(baseUrl, series);
  const ctx = contextOrReal(fetchCtx);
  const session = ibSession(s);
  const m = await resolveContract(session, ctx, venue, symbol, s);
  return headTimestamp(session, ctx, dataContract(m, s), s, `${venue}:${symbol}`);
}

/** The symbol search (reqMatchingSymbols): IB's stock contracts whose symbol or name matches. */
export async function ibkrSymbols(
  baseUrl: string | undefined,
  pattern: string,
  fetchCtx?: FetchContext,
): Promise<SymbolRow[]> {
  return matchingSymbols(ibSession(parseIbUrl(baseUrl ?? DEFAULT_IB_URL)), contextOrReal(fetchCtx), pattern);
}
