import { z } from 'zod';
import { IbkrSeriesSchema } from '../ibkr';
import { IntervalSchema } from '../range';
import { TimeframeSchema } from '../timeframe-schema';

/** Providers whose symbol list Barcat reads (the archive has none). */
export const SYMBOL_PROVIDERS = [
  'binance-spot',
  'binance-futures',
  'alpaca',
  'polygon',
  'coinbase',
  'kraken',
  'bybit',
  'okx',
] as const;
export const SymbolProviderSchema = z.enum(SYMBOL_PROVIDERS);
export type SymbolProvider = z.infer<typeof SymbolProviderSchema>;

/** Providers the symbol search asks: those with a list, and Interactive Brokers (asked through TWS). */
export const SEARCH_PROVIDERS = [...SYMBOL_PROVIDERS, 'ibkr'] as const;
const SearchProviderSchema = z.enum(SEARCH_PROVIDERS);
export type SearchProvider = z.infer<typeof SearchProviderSchema>;

/** One tradable (or once tradable) symbol as a provider lists it. */
export const SymbolRowSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  /** crypto, us_equity, stocks, ... as the provider calls it. */
  assetClass: z.string(),
  /** The venue a series of this symbol is kept under (BINANCE, NASDAQ, XNYS, ...). */
  exchange: z.string(),
  /** trading, or the provider's word for not tradable; `delisted` marks a symbol no longer listed. */
  status: z.string(),
  delisted: z.boolean(),
  /** Interactive Brokers: the contract's currency and id (its search lists contracts, not symbols). */
  currency: z.string().optional(),
  conId: z.number().int().optional(),
});
export type SymbolRow = z.infer<typeof SymbolRowSchema>;

export const SearchSymbolsInputSchema = z
  .object({
    provider: SearchProviderSchema,
    query: z.string().max(100),
    /** Fetch the list again even when the cached one is less than a day old. */
    refresh: z.boolean().optional(),
  })
  .strict();

export const SymbolSearchSchema = z.object({
  symbols: z.array(SymbolRowSchema),
  /** When the cached list was fetched (ms UTC). */
  fetchedAt: z.number(),
  /** The list could not be refreshed and an older cached one is used: why. */
  warning: z.string().nullable(),
});

export const AddSeriesInputSchema = z
  .object({
    provider: SearchProviderSchema,
    /** ibkr: the series' IB settings, with the conId of the contract picked from the search. */
    ibkr: IbkrSeriesSchema.optional(),
    symbol: z.string().min(1).max(100),
    timeframe: TimeframeSchema,
    /** A date (ms UTC), or the first bar the provider has. */
    from: z.union([z.number().int(), z.literal('all-history')]),
    /** A date (ms UTC, exclusive); absent: up to the last closed bar. */
    to: z.number().int().optional(),
  })
  .strict();

/** Update to now: from the last stored bar to the last closed one; extend: back to a date or the first bar. */
export const UpdateModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('to-now') }),
  z.object({ kind: z.literal('extend'), to: z.union([z.number().int(), z.literal('all-history')]) }),
]);

export const UpdateSeriesInputSchema = z
  .object({
    /** Series ids; absent: every series with a provider. */
    ids: z.array(z.string().min(1).max(200)).max(10_000).optional(),
    mode: UpdateModeSchema,
  })
  .strict();

/** One series' update: up-to-date and skipped sent no request; the others are its job's end state. */
export const UpdateOutcomeSchema = z.object({
  series: z.string(),
  provider: z.string().nullable(),
  status: z.string(),
  range: IntervalSchema.nullable(),
  jobId: z.string().nullable(),
  barsWritten: z.number().int(),
  message: z.string().nullable(),
});
export type UpdateOutcomeView = z.infer<typeof UpdateOutcomeSchema>;
