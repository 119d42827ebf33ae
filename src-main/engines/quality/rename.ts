import type { SeriesKey } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import type { Catalog } from '../catalog/index';
import { moveFixes } from './fixes/records';
import { moveResults } from './store';

/**
 * Renames a series and moves its stored quality results with it: results left under the old name
 * would be reused by a later series of that name. What the app and the CLI both call.
 */
export async function renameSeriesWithResults(
  catalog: Catalog,
  from: SeriesKey,
  to: { venue?: string; symbol?: string },
): Promise<SeriesKey> {
  if (!catalog.renameSeries) throw new BarcatError('USAGE', 'this catalog is read-only');
  const key = await catalog.renameSeries(from, to);
  await moveResults(catalog.dir, from, key);
  await moveFixes(catalog.dir, from, key);
  return key;
}
