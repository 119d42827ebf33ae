import { TIMEFRAMES } from '../../../../src-shared/domain/timeframe';
import { fetchKlines } from '../binance/klines';
import { JSON_RESPONSE_LIMIT } from '../limits';
import type { Provider, ProviderCapabilities } from '../types';

export const BINANCE_SPOT_CAPS: ProviderCapabilities = {
  name: 'binance-spot',
  label: 'Binance spot',
  timeframes: TIMEFRAMES.filter((t) => t !== '1M'),
  maxRowsPerRequest: 1000,
  historyFrom: Date.UTC(2017, 6, 14),
  // 6000 weight per minute per IP, 2 per klines call.
  rateLimit: { perMinute: 6000, usedHeader: 'x-mbx-used-weight-1m' },
  needsKey: false,
  defaultBaseUrl: 'https://api.binance.com',
  keyEnv: [],
  maxResponseBytes: JSON_RESPONSE_LIMIT,
};

export function binanceSpot(baseUrl = BINANCE_SPOT_CAPS.defaultBaseUrl): Provider {
  const ep = { baseUrl, path: '/api/v3/klines', maxRows: 1000, weightOf: () => 2 };
  return { caps: BINANCE_SPOT_CAPS, baseUrl, fetchBars: (q, call) => fetchKlines(ep, q, call) };
}
