import { parseSeriesId } from '../../../src-shared/domain/series';
import { parseTimeframe } from '../../../src-shared/domain/timeframe';
import { DB_FIELDS, type DbField, type DbFrom, type SeriesSource } from '../../engines/databases/index';
import { BarcatError } from '../../plumbing/errors';

/** --table T | --query SQL: exactly one. */
export function parseFrom(values: Record<string, unknown>, usage: string): DbFrom {
  const { table, query } = values;
  if ((table === undefined) === (query === undefined))
    throw new BarcatError('USAGE', `give exactly one of --table T or --query SQL; usage: barcat ${usage}`);
  return typeof table === 'string' ? { table } : { query: String(query) };
}

/** --map ts=COL,open=COL,... */
export function parseMap(text: unknown): Partial<Record<DbField, string>> | undefined {
  if (text === undefined) return undefined;
  const map: Partial<Record<DbField, string>> = {};
  for (const part of String(text).split(',')) {
    const [field, col] = part.split('=').map((s) => s.trim());
    if (!field || !col || !(DB_FIELDS as readonly string[]).includes(field))
      throw new BarcatError(
        'USAGE',
        `--map "${part}" must look like FIELD=COLUMN with FIELD one of ${DB_FIELDS.join(', ')}`,
      );
    map[field as DbField] = col;
  }
  return map;
}

/** --series V:S:T, or --series-from VENUE_COL,SYMBOL_COL[,TIMEFRAME_COL] with --timeframe when no column gives it. */
export function parseSeriesSource(values: Record<string, unknown>, usage: string): SeriesSource {
  const { series, timeframe } = values;
  const from = values['series-from'];
  if ((series === undefined) === (from === undefined))
    throw new BarcatError(
      'USAGE',
      `give exactly one of --series V:S:T or --series-from VENUE_COL,SYMBOL_COL; usage: barcat ${usage}`,
    );
  if (typeof series === 'string') {
    try {
      return { fixed: parseSeriesId(series) };
    } catch (err) {
      throw new BarcatError('USAGE', `--series: ${(err as Error).message}`);
    }
  }
  const cols = String(from)
    .split(',')
    .map((c) => c.trim());
  if (cols.length < 2 || cols.length > 3 || cols.some((c) => !c))
    throw new BarcatError(
      'USAGE',
      '--series-from must name VENUE_COL,SYMBOL_COL or VENUE_COL,SYMBOL_COL,TIMEFRAME_COL',
    );
  const [venueCol, symbolCol, timeframeCol] = cols as [string, string, string | undefined];
  if (timeframeCol) return { venueCol, symbolCol, timeframeCol };
  if (typeof timeframe !== 'string')
    throw new BarcatError(
      'USAGE',
      '--series-from without a timeframe column needs --timeframe (e.g. --timeframe 1m)',
    );
  const tf = parseTimeframe(timeframe);
  if ('error' in tf) throw new BarcatError('USAGE', `--timeframe: ${tf.error}`);
  return { venueCol, symbolCol, timeframe: tf.timeframe };
}
