import { DEFAULT_IBKR_SERIES, type IbkrSeries } from '../../../src-shared/domain/ibkr';
import { type ProviderName, ProviderNameSchema } from '../../../src-shared/domain/job';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import { defaultCalendarName } from '../calendars/index';
import { PROVIDER_CAPS } from '../providers/index';

/** The provider a venue's series get when nobody chose one; null where none fits (FX, stocks). */
export function providerFor(venue: string): ProviderName | null {
  const v = venue.toUpperCase();
  if (v === 'BINANCE') return 'binance-spot';
  if (v === 'BINANCE-FUTURES' || v === 'BINANCEF') return 'binance-futures';
  if (v === 'COINBASE') return 'coinbase';
  if (v === 'BYBIT') return 'bybit';
  if (v === 'OKX') return 'okx';
  if (v === 'KRAKEN') return 'kraken';
  return null;
}

/** Providers that could serve a series: its venue's kind of market, at its timeframe. */
export function providersThatCouldServe(key: SeriesKey): ProviderName[] {
  const venueDefault = providerFor(key.venue);
  const calendar = defaultCalendarName(key.venue);
  // US stock venues (their default calendar is an exchange's): the stock data providers. Interactive
  // Brokers is never a venue's default (it needs a running TWS), only a candidate.
  const names: ProviderName[] = venueDefault
    ? [venueDefault]
    : calendar === 'xnas' || calendar === 'xnys'
      ? ['alpaca', 'polygon', 'tiingo', 'yahoo', 'ibkr']
      : [];
  return names.filter((n) => PROVIDER_CAPS[n].timeframes.includes(key.timeframe));
}

/**
 * The provider a series is backfilled from: the one stored with it (null: none), else its venue's.
 * A name this version does not know (written by a later one) counts as none.
 */
export function seriesProvider(key: SeriesKey, stored: string | null | undefined): ProviderName | null {
  if (stored === undefined) return providerFor(key.venue);
  const known = ProviderNameSchema.safeParse(stored);
  return known.success ? known.data : null;
}

/** "Backfill" on a series without a provider: a reason code and the providers that could serve it. */
export function noProviderError(key: SeriesKey): BarcatError {
  const candidates = providersThatCouldServe(key);
  const id = seriesId(key);
  return new BarcatError(
    'BAD_INPUT',
    candidates.length
      ? `${id} has no provider set; one of ${candidates.join(', ')} could serve it: set it in the series' details`
      : `${id} has no provider set, and no provider Barcat knows serves ${key.venue} ${key.timeframe} bars`,
    { reason: 'NO_PROVIDER', series: id, candidates },
  );
}

/**
 * What a backfill request of the series carries for its provider: for ibkr, the series' stored IB
 * settings (IB's defaults when none were set), so the job runs what the series' details show.
 */
export function seriesRequestSettings(
  provider: ProviderName,
  stored: { ibkr?: IbkrSeries } | undefined,
): { ibkr?: IbkrSeries } {
  return provider === 'ibkr' ? { ibkr: stored?.ibkr ?? DEFAULT_IBKR_SERIES } : {};
}
