import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import { readSharedSettings } from './settings-file';

/**
 * A series a schedule names would make that schedule fail on every run once the series is gone:
 * deleting it is refused until the schedule is removed (what the app and `barcat delete` both call).
 */
export async function refuseScheduled(catalogDir: string, key: SeriesKey): Promise<void> {
  const id = seriesId(key);
  const settings = await readSharedSettings(catalogDir);
  const schedule = settings.schedules.find((s) => 'series' in s.target && s.target.series === id);
  if (schedule)
    throw new BarcatError(
      'BAD_INPUT',
      `series ${id} is kept current by schedule ${schedule.id}; remove the schedule first ("barcat schedule remove ${schedule.id}"); nothing was deleted`,
      { reason: 'series_scheduled', series: id, schedule: schedule.id },
    );
}
