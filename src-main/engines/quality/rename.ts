import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import { seriesProvider } from '../backfill/series-provider';
import type { Catalog } from '../catalog/index';
import { readHealthSettings } from '../health/index';
import { retargetSeries, type SeriesSettingsFollow } from '../schedule/retarget';
import { readSharedSettings } from '../schedule/settings-file';
import { type RelabelHooks, type RelabelResult, relabelTimeframe } from './relabel-timeframe';

/** What a rename moved besides the bars, so the app and the CLI can say it. */
export interface RenameReport extends SeriesSettingsFollow {
  to: SeriesKey;
  /** Its health settings (max lag, notifications) moved to the new id. */
  healthSettingsMoved: boolean;
  /** A timeframe label changed: the bars written anew and the old series' trash entry. */
  relabeled?: { bars: number; trashId: string };
}

/**
 * Renames a series; the catalog moves its stored quality results, schedules and health settings with it
 * under the rename's journal (left under the old name they would apply to a later series of that name).
 * What the app and the CLI both call.
 */
export async function renameSeriesWithResults(
  catalog: Catalog,
  from: SeriesKey,
  to: { venue?: string; symbol?: string; timeframe?: string },
  opts: { source: string; jobId?: string },
  hooks: RelabelHooks = {},
): Promise<RenameReport> {
  if (!catalog.renameSeries) throw new BarcatError('USAGE', 'this catalog is read-only');
  // A settings file that cannot be read refuses the rename before anything moves (never a schedule left behind);
  // what moves is reported from them as read.
  const settings = await readSharedSettings(catalog.dir);
  const healthSettingsMoved = (await readHealthSettings(catalog.dir)).series[seriesId(from)] !== undefined;
  const stored = (await catalog.listSeries()).find((s) => s.id === seriesId(from))?.provider;
  let relabeled: RelabelResult | null = null;
  if (to.timeframe !== undefined) {
    if (to.venue !== undefined || to.symbol !== undefined)
      throw new BarcatError(
        'BAD_INPUT',
        'change the timeframe label on its own, then rename the venue or symbol',
        { reason: 'timeframe_alone', field: 'timeframe' },
      );
    relabeled = await relabelTimeframe(catalog, from, to.timeframe, opts, hooks);
  }
  const target = relabeled ? relabeled.to : await catalog.renameSeries(from, to);
  const follow = retargetSeries(settings, from, target, seriesProvider(target, stored));
  return {
    to: target,
    healthSettingsMoved,
    ...follow,
    ...(relabeled ? { relabeled: { bars: relabeled.bars, trashId: relabeled.trashId } } : {}),
  };
}
