import { TIMEFRAMES } from '../../../../src-shared/domain/timeframe';
import { fetchKlines } from '../binance/klines';
import { providerCaps } from '../caps';
import type { Provider, ProviderCapabilities } from '../types';

export const BINANCE_FUTURES_CAPS: ProviderCapabilities = providerCaps(
  TIMEFRAMES.filter((t) => t !== '1M' && t !== '1s'),
  {
    name: 'binance-futures',
    label: 'Binance USD-M futures',
    maxRowsPerRequest: 1500,
    historyFrom: Date.UTC(2019, 8, 8),
    rateLimit: { perMinute: 2400, usedHeader: 'x-mbx-used-weight-1m' },
    defaultBaseUrl: 'https://fapi.binance.com',
  },
);

/** Weight by limit: [1,100) 1, [100,500) 2, [500,1000] 5, above 10. */
export function futuresWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

export function binanceFutures(baseUrl = BINANCE_FUTURES_CAPS.defaultBaseUrl): Provider {
  const ep = { baseUrl, path: '/fapi/v1/klines', maxRows: 1500, weightOf: futuresWeight };
  return { caps: BINANCE_FUTURES_CAPS, baseUrl, fetchBars: (q, call) => fetchKlines(ep, q, call) };
}
