// Requests outside a backfill job (symbol lists, the first-bar probe) go through the same engine:
// the provider's rate limit, timeout, size cap, retries and the same worded refusals.
import type { z } from 'zod';
import type { ProviderName } from '../../../src-shared/domain/job';
import { BarcatError } from '../../plumbing/errors';
import { PROVIDER_CAPS } from '../providers/index';
import { parseJson } from '../providers/json';
import { limiterRegistry } from './jobs/setup';
import { makeCaller, RequestFailed } from './requests/caller';
import { type Clock, systemClock } from './requests/clock';
import { DEFAULT_RETRY, type RetryPolicy } from './requests/retry';

export interface OneOffOptions {
  policy?: Partial<RetryPolicy>;
  clock?: Clock;
  /** A fixed request rate instead of the provider's documented budget (a paid plan, a test server). */
  requestsPerSecond?: number;
  /** Cap on one answer instead of the provider's (the service's `sizeLimits`). */
  maxResponseBytes?: number;
}

export type GetJson = <S extends z.ZodType>(
  url: URL,
  headers: Record<string, string>,
  schema: S,
  what: string,
) => Promise<z.output<S>>;

/** A JSON getter for one provider; a request that fails for good is a PROVIDER error with its reason. */
export function oneOffGetJson(provider: ProviderName, opts: OneOffOptions = {}): GetJson {
  const clock = opts.clock ?? systemClock;
  const caps = PROVIDER_CAPS[provider];
  const limiters = limiterRegistry(clock, opts.requestsPerSecond);
  const call = makeCaller({
    fetch,
    clock,
    random: Math.random,
    policy: { ...DEFAULT_RETRY, ...opts.policy },
    providerLabel: caps.label,
    limiterFor: (host) => limiters(provider, host),
    maxResponseBytes: opts.maxResponseBytes ?? caps.maxResponseBytes,
    signal: new AbortController().signal,
    onAttempt: () => undefined,
  });
  return async (url, headers, schema, what) => {
    try {
      return await call({ url, headers, weight: 1, label: what }, (res) => parseJson(res, schema, what));
    } catch (err) {
      if (err instanceof RequestFailed) {
        // Size refusals name the request already; the others are said of the provider only.
        const named = `${caps.label} ${what}`;
        const message = err.message.startsWith(named) ? err.message : `${named}: ${err.message}`;
        throw new BarcatError('PROVIDER', message, { status: err.status });
      }
      throw err;
    }
  };
}
