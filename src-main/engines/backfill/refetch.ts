import type { Bar } from '../../../src-shared/domain/bar';
import type { IbkrSeries } from '../../../src-shared/domain/ibkr';
import type { ProviderName } from '../../../src-shared/domain/job';
import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { GetKey } from '../providers/index';
import { limiterRegistry, providersFor } from './jobs/setup';
import { makeCaller } from './requests/caller';
import { type Clock, systemClock } from './requests/clock';
import { DEFAULT_RETRY } from './requests/retry';
import { cleanBars } from './requests/validate';

export interface RefetchOptions {
  provider: ProviderName;
  baseUrl?: string;
  getKey: GetKey;
  /** Interactive Brokers: the series' settings (what to show, hours, contract). */
  ibkr?: IbkrSeries;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * The provider's bars of one range, fetched with the same caller (budget, retries, size limit) and
 * row rules as a backfill, and written nowhere: what a quality re-fetch compares with the catalog.
 */
export async function fetchRange(
  key: SeriesKey,
  range: Interval,
  opts: RefetchOptions,
): Promise<{ bars: Bar[]; rejected: number }> {
  const clock = opts.clock ?? systemClock;
  const { rest } = providersFor(opts.provider, opts.baseUrl, undefined, opts.getKey, undefined, opts.ibkr);
  const limiters = limiterRegistry(clock);
  const caller = makeCaller({
    fetch,
    clock,
    random: Math.random,
    policy: DEFAULT_RETRY,
    providerLabel: rest.caps.label,
    maxResponseBytes: rest.caps.maxResponseBytes,
    limiterFor: (host) => limiters(opts.provider, host),
    signal: opts.signal ?? new AbortController().signal,
    onAttempt: () => undefined,
  });
  const raw = await rest.fetchBars(
    { symbol: key.symbol, timeframe: key.timeframe, from: range.from, to: range.to },
    caller,
  );
  const clean = cleanBars(raw, key.timeframe, clock.now());
  return {
    bars: clean.bars.filter((b) => b.ts >= range.from && b.ts < range.to),
    rejected: clean.rejected.length,
  };
}
