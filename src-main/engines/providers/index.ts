// The provider registry: one constructor per provider name, base URL overridable, keys by callback.
import type { IbkrSeries } from '../../../src-shared/domain/ibkr';
import type { ProviderName } from '../../../src-shared/domain/job';
import { ALPACA_CAPS, alpaca } from './alpaca';
import { BINANCE_ARCHIVE_CAPS, binanceArchive } from './binance-archive';
import { BINANCE_FUTURES_CAPS, binanceFutures } from './binance-futures';
import { BINANCE_SPOT_CAPS, binanceSpot } from './binance-spot';
import { BYBIT_CAPS, bybit } from './bybit';
import { COINBASE_CAPS, coinbase } from './coinbase';
import { IBKR_CAPS, ibkr } from './ibkr/index';
import { KRAKEN_CAPS, kraken } from './kraken';
import { OKX_CAPS, okx } from './okx';
import { POLYGON_CAPS, polygon } from './polygon';
import { TIINGO_CAPS, tiingo } from './tiingo';
import type { GetKey, Provider, ProviderCapabilities } from './types';
import { YAHOO_CAPS, yahoo } from './yahoo';

export { ArchiveFileMissing, archiveFiles } from './binance-archive';
export * from './errors';
export type * from './types';

export const PROVIDER_CAPS: Record<ProviderName, ProviderCapabilities> = {
  'binance-spot': BINANCE_SPOT_CAPS,
  'binance-futures': BINANCE_FUTURES_CAPS,
  'binance-archive': BINANCE_ARCHIVE_CAPS,
  alpaca: ALPACA_CAPS,
  polygon: POLYGON_CAPS,
  coinbase: COINBASE_CAPS,
  bybit: BYBIT_CAPS,
  okx: OKX_CAPS,
  kraken: KRAKEN_CAPS,
  yahoo: YAHOO_CAPS,
  tiingo: TIINGO_CAPS,
  ibkr: IBKR_CAPS,
};

export interface ProviderOptions {
  baseUrl?: string;
  getKey: GetKey;
  /** For binance-archive: which market's files (spot unless the REST side is futures). */
  archiveMarket?: 'spot' | 'futures/um';
  /** For binance-archive: cap on a zip's CSV once unpacked. */
  maxUnzippedBytes?: number;
  /** For ibkr: the series' settings (what to show, hours, contract); absent: IB's defaults. */
  ibkr?: IbkrSeries;
}

export function createProvider(name: ProviderName, opts: ProviderOptions): Provider {
  const base = opts.baseUrl?.replace(/\/+$/, '');
  switch (name) {
    case 'binance-spot':
      return binanceSpot(base);
    case 'binance-futures':
      return binanceFutures(base);
    case 'binance-archive':
      return binanceArchive(opts.archiveMarket ?? 'spot', base, opts.maxUnzippedBytes);
    case 'alpaca':
      return alpaca(opts.getKey, base);
    case 'polygon':
      return polygon(opts.getKey, base);
    case 'coinbase':
      return coinbase(base);
    case 'bybit':
      return bybit(base);
    case 'okx':
      return okx(base);
    case 'kraken':
      return kraken(base);
    case 'yahoo':
      return yahoo(base);
    case 'tiingo':
      return tiingo(opts.getKey, base);
    case 'ibkr':
      return ibkr(opts.baseUrl, opts.ibkr);
  }
}

/** Keys for the CLI, from environment variables; the app passes its keychain instead. */
export function keysFromEnv(env: NodeJS.ProcessEnv): GetKey {
  return async (provider) => {
    if (provider === 'alpaca' && env.BARCAT_ALPACA_KEY_ID && env.BARCAT_ALPACA_SECRET)
      return { id: env.BARCAT_ALPACA_KEY_ID, secret: env.BARCAT_ALPACA_SECRET };
    if (provider === 'polygon' && env.BARCAT_POLYGON_KEY) return { secret: env.BARCAT_POLYGON_KEY };
    if (provider === 'tiingo' && env.BARCAT_TIINGO_KEY) return { secret: env.BARCAT_TIINGO_KEY };
    return undefined;
  };
}
