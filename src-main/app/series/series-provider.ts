import type { ProviderName } from '../../../src-shared/domain/job';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';

/** Stores the provider of a series (null: none) and announces the change. */
export async function setSeriesProvider(
  ctx: CoreContext,
  key: SeriesKey,
  provider: ProviderName | null,
): Promise<{ id: string; provider: ProviderName | null }> {
  const catalog = ctx.catalogs.get();
  // Throws NOT_FOUND for a series that does not exist: setting a provider never creates one.
  await catalog.availability(key);
  if (!catalog.setProvider) throw new BarcatError('USAGE', 'this catalog is read-only');
  await catalog.setProvider(key, provider);
  const id = seriesId(key);
  ctx.bus.emit('seriesChanged', { ids: [id] });
  return { id, provider };
}
