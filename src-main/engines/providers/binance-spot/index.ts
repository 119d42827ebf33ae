import { TIMEFRAMES } from '../../../../src-shared/domain/timeframe';
import { fetchKlines } from '../binance/klines';
import { providerCaps } from '../caps';
import type { Provider, ProviderCapabilities } from '../types';

export const BINANCE_SPOT_CAPS: ProviderCapabilities = providerCaps(
  TIMEFRAMES.filter((t) => t !== '1M'),
  {
    name: 'binance-spot',
    label: 'Binance spot',
    maxRowsPerRequest: 1000,
    historyFrom: Date.UTC(2017, 6, 14),
    // 6000 weight per minute per IP, 2 per klines call.
    rateLimit: { perMinute: 6000, usedHeader: 'x-mbx-used-weight-1m' },
    defaultBaseUrl: 'https://api.binance.com',
  },
);

export function binanceSpot(baseUrl = BINANCE_SPOT_CAPS.defaultBaseUrl): Provider {
  const ep = { baseUrl, path: '/api/v3/klines', maxRows: 1000, weightOf: () => 2 };
  return { caps: BINANCE_SPOT_CAPS, baseUrl, fetchBars: (q, call) => fetchKlines(ep, q, call) };
}
