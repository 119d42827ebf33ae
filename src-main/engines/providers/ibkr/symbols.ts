// Symbol search through TWS (reqMatchingSymbols): IB has no list to download, so each search asks it.
// IB allows one such request per second; the session spaces them on the caller's clock.
import type { SymbolRow } from '../../../../src-shared/domain/job-kinds/keep-current';
import type { FetchContext } from '../types';
import { requestError } from './errors';
import { IN, parseSymbolSamples, reqMatchingSymbols, type SymbolSample } from './messages';
import { exchange, type IbSession } from './session';

const MATCHING_EVERY_MS = 1_000;

/** A contract TWS matched, as a row of the symbol search (the same rows as the other providers'). */
function sampleRow(s: SymbolSample): SymbolRow {
  return {
    symbol: s.symbol,
    name: s.description,
    assetClass: s.secType,
    exchange: s.primaryExch,
    status: 'trading',
    delisted: false,
    currency: s.currency,
    conId: s.conId,
  };
}

export async function matchingSymbols(
  session: IbSession,
  ctx: FetchContext,
  pattern: string,
): Promise<SymbolRow[]> {
  const wait = session.lastMatchingAt + MATCHING_EVERY_MS - ctx.clock.now();
  if (wait > 0) await ctx.clock.sleep(wait, ctx.signal);
  session.lastMatchingAt = ctx.clock.now();
  const samples = await session.run(ctx, (conn) =>
    exchange<SymbolSample[]>(
      conn,
      (reqId) => reqMatchingSymbols(reqId, pattern),
      (f, done) => {
        if (Number(f[0]) === IN.SYMBOL_SAMPLES) done(parseSymbolSamples(f).samples);
      },
      (code, text) => requestError(code, text, `the symbol search "${pattern}"`),
    ),
  );
  return samples.map(sampleRow);
}
