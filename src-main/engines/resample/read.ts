import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { requireCalendar } from '../calendars/index';
import type { Catalog, QueryOptions } from '../catalog/index';
import { arrowToBatch } from '../catalog/index';
import type { Resampled } from './aggregate';
import type { Align } from './buckets';
import { checkResample, resampleBatch } from './resample';

export interface ResampleRequest {
  timeframe: Timeframe;
  align: Align;
  fill: boolean;
  completeOnly: boolean;
}

/** Reads a series' bars in the range and resamples them with the series' own calendar. */
export async function readResampled(
  catalog: Catalog,
  key: SeriesKey,
  range: Interval | undefined,
  query: QueryOptions,
  req: ResampleRequest,
): Promise<Resampled> {
  checkResample(key.timeframe, req.timeframe);
  // The manifest names the calendar; availability reads only the manifest (NOT_FOUND for an unknown series).
  const calendar = requireCalendar((await catalog.availability(key)).calendar, catalog.dir);
  const batch = arrowToBatch(await catalog.query(key, range, query));
  return resampleBatch(batch, key.timeframe, req.timeframe, { ...req, calendar });
}
