// Every provider's capabilities from what is its own: the timeframes are those it has a code for, a
// key is needed when it names where the CLI reads one from, and answers are capped as JSON by default.
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { JSON_RESPONSE_LIMIT } from './limits';
import type { ProviderCapabilities } from './types';

type OwnCaps = Omit<ProviderCapabilities, 'timeframes' | 'needsKey' | 'keyEnv' | 'maxResponseBytes'> &
  Partial<Pick<ProviderCapabilities, 'keyEnv' | 'maxResponseBytes'>>;

export function providerCaps(codes: Partial<Record<Timeframe, unknown>>, own: OwnCaps): ProviderCapabilities {
  const keyEnv = own.keyEnv ?? [];
  return {
    ...own,
    timeframes: Object.keys(codes) as Timeframe[],
    needsKey: keyEnv.length > 0,
    keyEnv,
    maxResponseBytes: own.maxResponseBytes ?? JSON_RESPONSE_LIMIT,
  };
}
