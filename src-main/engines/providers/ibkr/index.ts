// Interactive Brokers through the TWS API socket protocol (TWS or IB Gateway running on this machine
// or the network). A small client for the few messages used; see docs/backfill.md for why no library.
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import type { BarQuery, Caller, FetchContext, Provider, ProviderCapabilities } from '../types';
import { MAX_MESSAGE } from './codec';
import { resolveContract } from './contracts';
import { BAR_SIZES, headTimestamp, historicalBars } from './historical';
import type { ContractMatch } from './messages';
import { contextOrReal, ibSession } from './session';
import { DEFAULT_IB_URL, parseIbUrl } from './settings';

export { closeIbSessions, ibSession } from './session';
export { DEFAULT_IB_URL, IB_PORTS, ibUrlFromFlags, parseIbUrl, WHAT_TO_SHOW } from './settings';

export const IBKR_CAPS: ProviderCapabilities = {
  name: 'ibkr',
  label: 'Interactive Brokers (TWS API)',
  timeframes: Object.keys(BAR_SIZES) as Timeframe[],
  // The engine's windows: a day of minutes; the provider cuts them to IB's longest duration per bar size.
  maxRowsPerRequest: 1440,
  historyFrom: Date.UTC(1980, 0, 1),
  // 60 historical requests in any 10 minutes; enforced by the provider's own pacer (ibkr/pacing.ts).
  rateLimit: { perMinute: 6 },
  needsKey: false,
  defaultBaseUrl: DEFAULT_IB_URL,
  keyEnv: [],
  maxResponseBytes: MAX_MESSAGE,
};

export function ibkr(baseUrl = DEFAULT_IB_URL): Provider {
  async function fetchBars(q: BarQuery, _call: Caller, fetchCtx?: FetchContext): Promise<Bar[]> {
    const s = parseIbUrl(baseUrl);
    const ctx = contextOrReal(fetchCtx);
    const session = ibSession(s);
    const venue = q.venue ?? '';
    const { contract } = await resolveContract(session, ctx, venue, q.symbol, s);
    const what = `${venue}:${q.symbol} ${q.timeframe} ${s.whatToShow}`;
    return historicalBars(session, ctx, contract, s, q.timeframe, q.from, q.to, what);
  }
  return { caps: IBKR_CAPS, baseUrl, fetchBars };
}

/** The one contract of a symbol on a venue ('' = any), as `add ibkr:SYMBOL` files it. */
export async function ibkrContract(
  baseUrl: string | undefined,
  venue: string,
  symbol: string,
  fetchCtx?: FetchContext,
): Promise<ContractMatch> {
  const s = parseIbUrl(baseUrl ?? DEFAULT_IB_URL);
  return resolveContract(ibSession(s), contextOrReal(fetchCtx), venue, symbol, s);
}

/** "All history": where IB's data of the series starts (reqHeadTimestamp), in ms UTC. */
export async function ibkrFirstBar(
  baseUrl: string | undefined,
  venue: string,
  symbol: string,
  fetchCtx?: FetchContext,
): Promise<number> {
  const s = parseIbUrl(baseUrl ?? DEFAULT_IB_URL);
  const ctx = contextOrReal(fetchCtx);
  const session = ibSession(s);
  const { contract } = await resolveContract(session, ctx, venue, symbol, s);
  return headTimestamp(session, ctx, contract, s, `${venue}:${symbol}`);
}
