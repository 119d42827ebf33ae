import type { ProviderName } from '../../../../src-shared/domain/job';

/** One tradable (or once tradable) symbol as a provider lists it. */
export interface SymbolRow {
  symbol: string;
  name: string;
  /** crypto, us_equity, stocks, ... as the provider calls it. */
  assetClass: string;
  /** The venue a series of this symbol is kept under (BINANCE, NASDAQ, XNYS, ...). */
  exchange: string;
  /** trading, or the provider's word for not tradable; `delisted` marks a symbol no longer listed. */
  status: string;
  delisted: boolean;
}

/** Providers whose symbol list Barcat reads (the archive has none). */
export type SymbolProvider = Extract<ProviderName, 'binance-spot' | 'binance-futures' | 'alpaca' | 'polygon'>;
export const SYMBOL_PROVIDERS: readonly SymbolProvider[] = [
  'binance-spot',
  'binance-futures',
  'alpaca',
  'polygon',
];

/** The cached list of one provider. */
export interface SymbolList {
  provider: SymbolProvider;
  fetchedAt: number;
  /** The base URL it came from: a list from a test server or mirror is not mixed with the real one. */
  baseUrl: string;
  symbols: SymbolRow[];
}
