import type { IbkrSeries } from '../../../../src-shared/domain/ibkr';
import type { ProviderName } from '../../../../src-shared/domain/job';
import { createProvider, PROVIDER_CAPS } from '../../providers/index';
import type { GetKey, Provider } from '../../providers/types';
import type { Clock } from '../requests/clock';
import { HostLimiter, limiterOptionsFor } from '../requests/limiter';

export interface ProviderPair {
  rest: Provider;
  archive?: Provider;
}

/**
 * The provider for a job, plus the Binance archive for whole past months. A redirected REST base URL
 * gets the archive only when an archive URL is given too: traffic goes only where the user pointed it.
 */
export function providersFor(
  name: ProviderName,
  baseUrl: string | undefined,
  archiveBaseUrl: string | undefined,
  getKey: GetKey,
  maxUnzippedBytes?: number,
  ibkr?: IbkrSeries,
): ProviderPair {
  const rest = createProvider(name, { baseUrl, getKey, maxUnzippedBytes, ibkr });
  if (name !== 'binance-spot' && name !== 'binance-futures') return { rest };
  if (baseUrl && !archiveBaseUrl) return { rest };
  const archiveMarket = name === 'binance-futures' ? 'futures/um' : 'spot';
  return {
    rest,
    archive: createProvider('binance-archive', {
      baseUrl: archiveBaseUrl,
      getKey,
      archiveMarket,
      maxUnzippedBytes,
    }),
  };
}

/** One limiter per (provider, host), shared by every job of a service, built on first use. */
export function limiterRegistry(
  clock: Clock,
  requestsPerSecond?: number,
): (provider: ProviderName, host: string) => HostLimiter {
  const limiters = new Map<string, HostLimiter>();
  return (provider, host) => {
    const id = `${provider}|${host}`;
    let l = limiters.get(id);
    if (!l) {
      l = new HostLimiter(limiterOptionsFor(PROVIDER_CAPS[provider].rateLimit, requestsPerSecond), clock);
      limiters.set(id, l);
    }
    return l;
  };
}
