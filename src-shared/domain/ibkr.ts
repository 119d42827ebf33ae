// Interactive Brokers settings of one series: what IB is asked for (whatToShow, regular hours or not),
// the contract chosen for it (conId) and, for futures, the kind and expiry. Kept with the series'
// provider, shown in its details, carried unchanged in the backfill request to the engine.
import { z } from 'zod';

import { EXPIRY_RE, IB_SEC_TYPES, IB_WHAT_TO_SHOW, MAX_CON_ID } from './ibkr-series';

export { IB_SEC_TYPES, IB_WHAT_TO_SHOW } from './ibkr-series';

/** The symbol suffix of a continuous future's series (`CME:ES-CONT:1h`). */
const CONT_SUFFIX = 'CONT';

export const IbkrSeriesSchema = z
  .object({
    whatToShow: z.enum(IB_WHAT_TO_SHOW),
    /** Regular trading hours only (IB's useRTH 1) or extended hours too. */
    useRth: z.boolean(),
    /** The contract chosen for the series (after an ambiguous answer); 0: found by symbol and venue. */
    conId: z.number().int().min(0).max(MAX_CON_ID),
    secType: z.enum(IB_SEC_TYPES),
    /** FUT only: lastTradeDateOrContractMonth, YYYYMM or YYYYMMDD. */
    expiry: z.string().regex(EXPIRY_RE, 'expiry must be YYYYMM or YYYYMMDD').optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.secType === 'FUT' && !s.expiry)
      ctx.addIssue({ code: 'custom', path: ['expiry'], message: 'a FUT series needs its expiry (YYYYMM)' });
    if (s.secType !== 'FUT' && s.expiry)
      ctx.addIssue({ code: 'custom', path: ['expiry'], message: `a ${s.secType} series has no expiry` });
    if (s.secType === 'CONTFUT' && s.conId)
      ctx.addIssue({ code: 'custom', path: ['conId'], message: 'a CONTFUT series has no conId' });
  });
export type IbkrSeries = z.infer<typeof IbkrSeriesSchema>;

export const DEFAULT_IBKR_SERIES: IbkrSeries = {
  whatToShow: 'TRADES',
  useRth: true,
  conId: 0,
  secType: 'STK',
};

/**
 * The series symbol of a contract: a stock's own symbol, a future's root with its expiry
 * (`ES-202503`), a continuous future's root with `-CONT` (`ES-CONT`). Two expiries never share a series.
 */
export function ibkrSeriesSymbol(root: string, s: Pick<IbkrSeries, 'secType' | 'expiry'>): string {
  if (s.secType === 'FUT') return `${root}-${s.expiry}`;
  if (s.secType === 'CONTFUT') return `${root}-${CONT_SUFFIX}`;
  return root;
}

/** The symbol IB knows (the root of a future), or why the series symbol does not fit its settings. */
export function ibkrRoot(
  symbol: string,
  s: Pick<IbkrSeries, 'secType' | 'expiry'>,
): { root: string } | { error: string } {
  if (s.secType === 'STK') return { root: symbol };
  const suffix = `-${s.secType === 'FUT' ? s.expiry : CONT_SUFFIX}`;
  if (!symbol.endsWith(suffix) || symbol.length === suffix.length)
    return {
      error: `the ${s.secType} series symbol "${symbol}" must be ROOT${suffix} (${s.secType === 'FUT' ? 'the root, then its expiry' : 'the root, then -CONT'})`,
    };
  return { root: symbol.slice(0, -suffix.length) };
}

/** One IB contract a series could mean, as the user chooses among them. */
export const IbCandidateSchema = z.object({
  conId: z.number().int(),
  symbol: z.string(),
  secType: z.string(),
  exchange: z.string(),
  primaryExch: z.string(),
  currency: z.string(),
  /** lastTradeDateOrContractMonth of a future; empty for a stock. */
  expiry: z.string(),
  description: z.string(),
});
export type IbCandidate = z.infer<typeof IbCandidateSchema>;
