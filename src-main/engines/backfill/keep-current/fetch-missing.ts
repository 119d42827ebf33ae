// fetch-or-load: before answering a query, fill what the range lacks from the series' provider, so a
// backtest gets complete bars in one call. Only missing session time not checked-empty is asked for.
import type { Job, ProviderName } from '../../../../src-shared/domain/job';
import type { Interval } from '../../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog } from '../../catalog/index';
import type { BackfillService } from '../jobs/service';
import { noProviderError, seriesProvider, seriesRequestSettings } from '../series-provider';

export interface FetchMissingResult {
  provider: ProviderName;
  /** The backfill job that ran; null when nothing was missing (no request sent). */
  job: Job | null;
}

/** Fills the gaps of `range` from the series' provider as one backfill job; throws when it does not finish. */
export async function fetchMissing(
  d: {
    catalog: Catalog;
    svc: BackfillService;
    baseUrl?: string;
    /** The base URL when `baseUrl` is not given (the catalog's settings file), as update takes it. */
    baseUrlFor?: (provider: ProviderName) => string | undefined;
  },
  key: SeriesKey,
  range: Interval,
): Promise<FetchMissingResult> {
  const id = seriesId(key);
  const a = await d.catalog.availability(key);
  const provider = seriesProvider(key, a.provider);
  if (!provider) throw noProviderError(key);
  const baseUrl = d.baseUrl ?? d.baseUrlFor?.(provider);
  const request = {
    series: id,
    provider,
    from: range.from,
    to: range.to,
    ...(baseUrl ? { baseUrl } : {}),
    ...seriesRequestSettings(provider, a),
  };
  if ((await d.svc.plan(request)).requests.length === 0) return { provider, job: null };
  const job = await d.svc.wait((await d.svc.start(request)).id);
  if (job.state !== 'done')
    throw new BarcatError(
      'PROVIDER',
      `fetching the missing bars of ${id} from ${provider} ended ${job.state} (job ${job.id})${job.summary?.message ? `: ${job.summary.message}` : ''}; "barcat jobs retry ${job.id}" tries the rest again, or query without --fetch for the bars stored`,
      { reason: 'FETCH_INCOMPLETE', jobId: job.id, state: job.state },
    );
  return { provider, job };
}
