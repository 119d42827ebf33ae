// Price scale of each instrument Barcat backfills from Dukascopy: a stored integer divided by this is
// the price. Not derivable from the symbol, so a table. Source: dukascopy-node's generated metadata
// (src/utils/instrument-meta-data/generated/instrument-meta-data.json, `decimalFactor`), as summed up in
// ../shared/reference/providers-more.md section 7a.
export const DUKASCOPY_DECIMAL_FACTORS: Readonly<Record<string, number>> = {
  // FX majors and crosses: 5 decimals.
  EURUSD: 100_000,
  GBPUSD: 100_000,
  AUDUSD: 100_000,
  NZDUSD: 100_000,
  USDCHF: 100_000,
  USDCAD: 100_000,
  EURGBP: 100_000,
  EURCHF: 100_000,
  EURAUD: 100_000,
  EURCAD: 100_000,
  EURNZD: 100_000,
  GBPCHF: 100_000,
  GBPAUD: 100_000,
  GBPCAD: 100_000,
  AUDCAD: 100_000,
  AUDCHF: 100_000,
  AUDNZD: 100_000,
  NZDCAD: 100_000,
  CADCHF: 100_000,
  USDSEK: 100_000,
  USDNOK: 100_000,
  USDMXN: 100_000,
  USDZAR: 100_000,
  USDSGD: 100_000,
  USDTRY: 100_000,
  // JPY crosses and USDHUF: 3 decimals.
  USDJPY: 1000,
  EURJPY: 1000,
  GBPJPY: 1000,
  AUDJPY: 1000,
  NZDJPY: 1000,
  CADJPY: 1000,
  CHFJPY: 1000,
  USDHUF: 1000,
  USDCZK: 10_000,
  // Metals.
  XAUUSD: 1000,
  XAGUSD: 1000,
  // Indices (CFDs).
  USA500IDXUSD: 1000,
  USA30IDXUSD: 1000,
  USATECHIDXUSD: 1000,
  DEUIDXEUR: 1000,
  GBRIDXGBP: 1000,
  JPNIDXJPY: 1000,
  // Commodities.
  BRENTCMDUSD: 1000,
  LIGHTCMDUSD: 1000,
  // Crypto.
  BTCUSD: 10,
  ETHUSD: 10,
};

/** "EURUSD" -> "EUR-USD" for the JSON API (6-letter pairs; other codes are sent as they are). */
export function jsonInstrumentCode(symbol: string): string {
  return /^[A-Z]{6}$/.test(symbol) ? `${symbol.slice(0, 3)}-${symbol.slice(3)}` : symbol;
}
