import type { JobEvent, ProviderName } from '../../../src-shared/domain/job';
import type { Interval } from '../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { backfillJobView } from '../../engines/backfill/jobs/job-view';
import {
  noProviderError,
  seriesProvider,
  seriesRequestSettings,
} from '../../engines/backfill/series-provider';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { appBaseUrls } from '../core/engines';
import type { PersistedKind } from '../core/jobs';

/** Backfill as a kind of the one job registry: its jobs and their resumable state live in CATALOG/jobs/. */
export function backfillKind(ctx: CoreContext): () => Promise<PersistedKind> {
  return async () => {
    const service = await ctx.backfill();
    // Ids of other kinds are not valid backfill job file names: simply not ours.
    const owns = (id: string) =>
      service.get(id).then(
        (j) => j !== undefined,
        () => false,
      );
    return {
      list: async () =>
        (await service.list()).map((j) => {
          const view = backfillJobView(j);
          return { ...view, problems: [...view.problems, ...ctx.quality.notesOf(view.id)] };
        }),
      cancel: async (id) => ((await owns(id)) ? service.cancel(id) : undefined),
      retry: async (id) => ((await owns(id)) ? (await service.retryParked(id)).id : undefined),
      restart: async (id) => ((await owns(id)) ? (await service.restart(id)).id : undefined),
    };
  };
}

/** Forwards the engine's events as the contract's events. */
export function forwardBackfillEvent(ctx: CoreContext, e: JobEvent): void {
  if (e.type === 'created' || e.type === 'state') ctx.bus.emit('jobChanged', { job: backfillJobView(e.job) });
  else if (e.type === 'progress')
    ctx.bus.emit('jobProgress', {
      jobId: e.jobId,
      done: e.progress.requestsDone,
      total: e.progress.requestsTotal || null,
      ratePerSec: e.progress.rate,
      etaMs: e.progress.etaMs,
    });
  else {
    ctx.bus.emit('seriesChanged', { ids: [e.series] });
    const catalog = ctx.catalogs.peek();
    if (catalog) ctx.quality.request(catalog, [e.series], ctx.quality.noteFor(e.jobId));
  }
}

/**
 * Starts a backfill of exactly the picked ranges (none: every gap between the series' first and last
 * bar) from the provider the user picked, else the series' own; without either it says which
 * providers could serve the series instead of guessing one.
 */
export async function startBackfillJob(
  ctx: CoreContext,
  key: SeriesKey,
  ranges: Interval[] | undefined,
  provider: ProviderName | undefined,
): Promise<string> {
  const id = seriesId(key);
  const catalog = ctx.catalogs.get();
  const picked = ranges && ranges.length > 0 ? ranges : undefined;
  // A series not in the catalog yet may still be backfilled over picked ranges.
  const a = await catalog.availability(key).catch((err: unknown) => {
    if (picked && err instanceof BarcatError && err.code === 'NOT_FOUND') return undefined;
    throw err;
  });
  const name = provider ?? seriesProvider(key, a?.provider);
  if (!name) throw noProviderError(key);
  let span: { from?: number; to?: number } = {};
  if (!picked) {
    // "All gaps" means the gaps between the first and the last bar, not history the series never had.
    if (!a || a.gaps.length === 0) throw new BarcatError('BAD_INPUT', `${id} has no gaps to backfill`);
    span = { from: a.gaps[0]!.from, to: a.gaps.at(-1)!.to };
  }
  // The base URL set in the app, else the catalog's settings file (as the CLI and schedules use it).
  const baseUrl = (await appBaseUrls(ctx, catalog.dir))(name);
  const service = await ctx.backfill();
  const job = await service.start({
    series: id,
    ...span,
    ...(picked ? { ranges: picked } : {}),
    provider: name,
    ...(baseUrl ? { baseUrl } : {}),
    ...seriesRequestSettings(name, a),
  });
  return job.id;
}
