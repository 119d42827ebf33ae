// The Interactive Brokers settings of a series without zod: their words, and the check the read paths
// run on a manifest's ibkr field (IbkrSeriesSchema in ibkr.ts parses them at process boundaries).
import type { IbkrSeries } from './ibkr';

export const IB_WHAT_TO_SHOW = ['TRADES', 'MIDPOINT', 'BID', 'ASK', 'ADJUSTED_LAST'] as const;
/** Stocks, futures of one expiry, and IB's continuous futures (history only, no conId of its own). */
export const IB_SEC_TYPES = ['STK', 'FUT', 'CONTFUT'] as const;
export const MAX_CON_ID = 2 ** 31 - 1;
/** lastTradeDateOrContractMonth: YYYYMM or YYYYMMDD. */
export const EXPIRY_RE = /^\d{6}(\d{2})?$/;

const KEYS = new Set(['whatToShow', 'useRth', 'conId', 'secType', 'expiry']);

/** The settings when IbkrSeriesSchema accepts `v` (the same object), else undefined. */
export function checkIbkrSeries(v: unknown): IbkrSeries | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const s = v as Record<string, unknown>;
  if (Object.keys(s).some((k) => !KEYS.has(k))) return undefined;
  const { whatToShow, useRth, conId, secType, expiry } = s;
  if (!(IB_WHAT_TO_SHOW as readonly unknown[]).includes(whatToShow)) return undefined;
  if (typeof useRth !== 'boolean') return undefined;
  if (!Number.isSafeInteger(conId) || (conId as number) < 0 || (conId as number) > MAX_CON_ID)
    return undefined;
  if (!(IB_SEC_TYPES as readonly unknown[]).includes(secType)) return undefined;
  if ('expiry' in s && (typeof expiry !== 'string' || !EXPIRY_RE.test(expiry))) return undefined;
  if (secType === 'FUT' ? !expiry : expiry) return undefined;
  if (secType === 'CONTFUT' && conId) return undefined;
  const out = { whatToShow, useRth, conId, secType } as IbkrSeries;
  if ('expiry' in s) out.expiry = expiry as string;
  return out;
}
