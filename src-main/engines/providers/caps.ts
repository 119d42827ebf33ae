// Every provider's capabilities from what is its own: the timeframes are those it has a code for (or
// lists, when one API spells them all alike, as Binance's klines do), a key is needed when it names
// where the CLI reads one from, and answers are capped as JSON by default.
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { JSON_RESPONSE_LIMIT } from './limits';
import type { ProviderCapabilities } from './types';

type OwnCaps = Omit<ProviderCapabilities, 'timeframes' | 'needsKey' | 'keyEnv' | 'maxResponseBytes'> &
  Partial<Pick<ProviderCapabilities, 'keyEnv' | 'maxResponseBytes'>>;

/** `timeframes`: the provider's table of timeframe codes (its keys count), or the list itself. */
export function providerCaps(
  timeframes: Partial<Record<Timeframe, unknown>> | readonly Timeframe[],
  own: OwnCaps,
): ProviderCapabilities {
  const keyEnv = own.keyEnv ?? [];
  return {
    ...own,
    timeframes: isTimeframeList(timeframes) ? timeframes : (Object.keys(timeframes) as Timeframe[]),
    needsKey: keyEnv.length > 0,
    keyEnv,
    maxResponseBytes: own.maxResponseBytes ?? JSON_RESPONSE_LIMIT,
  };
}

// Array.isArray does not narrow a readonly array out of a union.
function isTimeframeList(
  t: Partial<Record<Timeframe, unknown>> | readonly Timeframe[],
): t is readonly Timeframe[] {
  return Array.isArray(t);
}
