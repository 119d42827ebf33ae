import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import type { Catalog } from '../catalog/index';
import { moveSeriesHealthSettings } from '../health/index';

/**
 * Renames a series; the catalog moves its stored quality results with it under the rename's journal
 * (results left under the old name would be reused by a later series of that name). What the app
 * and the CLI both call.
 */
export async function renameSeriesWithResults(
  catalog: Catalog,
  from: SeriesKey,
  to: { venue?: string; symbol?: string },
): Promise<SeriesKey> {
  if (!catalog.renameSeries) throw new BarcatError('USAGE', 'this catalog is read-only');
  const target = await catalog.renameSeries(from, to);
  // Its health settings follow it (left under the old id they would apply to a later series of that name).
  await moveSeriesHealthSettings(catalog.dir, seriesId(from), seriesId(target));
  return target;
}
