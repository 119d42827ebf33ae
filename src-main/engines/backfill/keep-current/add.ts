// "Add series": a provider's symbol at a timeframe becomes a series under the provider's venue (with
// that venue's calendar and the provider recorded), and its history is downloaded as one backfill job.
import { DEFAULT_IBKR_SERIES, type IbkrSeries } from '../../../../src-shared/domain/ibkr';
import type { Job } from '../../../../src-shared/domain/job';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog } from '../../catalog/index';
import { PROVIDER_CAPS } from '../../providers/index';
import type { GetKey } from '../../providers/types';
import type { BackfillService } from '../jobs/service';
import type { OneOffOptions } from '../one-off-call';
import { loadSymbols } from '../symbols/cache';
import { findSymbol } from '../symbols/search';
import type { SymbolProvider, SymbolRow } from '../symbols/types';
import { probeFirstBar } from './first-bar';
import { ibkrRow } from './ibkr-row';

export interface AddRequest {
  /** A provider with a symbol list, or Interactive Brokers (its contract is resolved through TWS). */
  provider: SymbolProvider | 'ibkr';
  symbol: string;
  timeframe: Timeframe;
  /** A date (ms), or the first bar the provider has. */
  from: number | 'all-history';
  /** A date (ms); absent: the last closed bar. */
  to?: number;
  baseUrl?: string;
  /** Where the symbol list comes from (Alpaca's assets are on its trading API); default: its own. */
  symbolsUrl?: string;
  /** Interactive Brokers: the series' settings, stored with it and sent with its job (absent: IB's defaults). */
  ibkr?: IbkrSeries;
}

export interface AddDeps {
  catalog: Catalog;
  catalogDir: string;
  svc: Pick<BackfillService, 'start'>;
  getKey: GetKey;
  now: number;
  /** Retry policy of the symbol list and first-bar requests. */
  call?: OneOffOptions;
}

/** The provider's row for the symbol (from the daily symbol cache); unknown symbols are refused in words. */
async function lookUp(d: AddDeps, req: AddRequest & { provider: SymbolProvider }): Promise<SymbolRow> {
  const loaded = await loadSymbols({
    catalogDir: d.catalogDir,
    provider: req.provider,
    baseUrl: req.symbolsUrl ?? (req.provider === 'alpaca' ? undefined : req.baseUrl),
    refresh: false,
    now: d.now,
    getKey: d.getKey,
    call: d.call,
  });
  const row = findSymbol(loaded.list.symbols, req.symbol);
  if (!row)
    throw new BarcatError(
      'BAD_INPUT',
      `${PROVIDER_CAPS[req.provider].label} has no symbol "${req.symbol}"; "barcat symbols ${req.provider} ${req.symbol}" searches its list`,
      { reason: 'UNKNOWN_SYMBOL', provider: req.provider, symbol: req.symbol },
    );
  return row;
}

export async function addSeries(
  d: AddDeps,
  req: AddRequest,
): Promise<{ key: SeriesKey; row: SymbolRow; job: Job }> {
  const caps = PROVIDER_CAPS[req.provider];
  if (!caps.timeframes.includes(req.timeframe))
    throw new BarcatError(
      'USAGE',
      `${caps.label} has no ${req.timeframe} bars; it serves ${caps.timeframes.join(' ')}`,
    );
  const ibkr = req.provider === 'ibkr' ? (req.ibkr ?? DEFAULT_IBKR_SERIES) : undefined;
  const row = ibkr
    ? await ibkrRow(req.symbol, req.baseUrl, ibkr)
    : await lookUp(d, { ...req, provider: req.provider as SymbolProvider });
  if (!row.exchange)
    throw new BarcatError(
      'BAD_INPUT',
      `${caps.label} lists no exchange for ${req.symbol}; it cannot be filed under a venue`,
    );
  const key: SeriesKey = { venue: row.exchange, symbol: row.symbol, timeframe: req.timeframe };
  const from =
    req.from === 'all-history'
      ? await probeFirstBar(req.provider, key, req.baseUrl, d.getKey, d.now, d.call, ibkr)
      : req.from;
  if (!d.catalog.setProvider) throw new BarcatError('USAGE', 'this catalog is read-only');
  // Creates the series (its venue's calendar) with the provider recorded, before any bar arrives.
  await d.catalog.setProvider(key, req.provider, ibkr);
  const started = await d.svc.start({
    series: `${key.venue}:${key.symbol}:${key.timeframe}`,
    provider: req.provider,
    from,
    ...(req.to !== undefined ? { to: req.to } : {}),
    ...(req.baseUrl ? { baseUrl: req.baseUrl } : {}),
    ...(ibkr ? { ibkr } : {}),
  });
  return { key, row, job: started };
}
