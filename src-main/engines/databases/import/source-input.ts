import type { DbSourceInput } from '../../../../src-shared/domain/job-kinds/db-import';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { parseTimeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import type { SeriesSource } from '../plan';
import { parseDbTarget } from '../target';
import type { PlanInput } from './build-plan';

function seriesSource(input: DbSourceInput): SeriesSource {
  if ((input.series === undefined) === (input.seriesFrom === undefined))
    throw new BarcatError(
      'USAGE',
      'give exactly one of --series V:S:T or --series-from VENUE_COL,SYMBOL_COL',
      {
        reason: 'db_series',
      },
    );
  if (input.series !== undefined) {
    try {
      return { fixed: parseSeriesId(input.series) };
    } catch (err) {
      throw new BarcatError('USAGE', `--series: ${(err as Error).message}`, { reason: 'db_series' });
    }
  }
  const [venueCol, symbolCol, timeframeCol] = input.seriesFrom as [string, string, string | undefined];
  if (timeframeCol) return { venueCol, symbolCol, timeframeCol };
  if (input.timeframe === undefined)
    throw new BarcatError(
      'USAGE',
      '--series-from without a timeframe column needs --timeframe (e.g. --timeframe 1m)',
      {
        reason: 'db_timeframe',
      },
    );
  const tf = parseTimeframe(input.timeframe);
  if ('error' in tf) throw new BarcatError('USAGE', `--timeframe: ${tf.error}`, { reason: 'db_timeframe' });
  return { venueCol, symbolCol, timeframe: tf.timeframe };
}

/** A source description (CLI flags or the app's dialog) as the plan builder takes it: one reading for both. */
export function planInputOf(input: DbSourceInput): PlanInput {
  if ((input.table === undefined) === (input.query === undefined))
    throw new BarcatError('USAGE', 'give exactly one of --table T or --query SQL', { reason: 'db_from' });
  return {
    target: parseDbTarget(input.url),
    from: input.table !== undefined ? { table: input.table } : { query: input.query as string },
    map: input.map,
    series: seriesSource(input),
    tz: input.tz,
  };
}
