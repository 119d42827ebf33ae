import { BAR_COLUMNS } from '../../../src-shared/domain/bar';
import type { DbSourceInput } from '../../../src-shared/domain/job-kinds/db-import';
import { BarcatError } from '../../plumbing/errors';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** --map ts=COL,open=COL,... */
function parseMap(text: string | undefined): DbSourceInput['map'] {
  if (text === undefined) return undefined;
  const map: NonNullable<DbSourceInput['map']> = {};
  for (const part of text.split(',')) {
    const [field, col] = part.split('=').map((s) => s.trim());
    const f = BAR_COLUMNS.find((n) => n === field);
    if (!f || !col)
      throw new BarcatError(
        'USAGE',
        `--map "${part}" must look like FIELD=COLUMN with FIELD one of ${BAR_COLUMNS.join(', ')}`,
      );
    map[f] = col;
  }
  return map;
}

/** The import-db flags as the source description the engine (and the app) read. */
export function sourceInputOf(url: string, values: Record<string, unknown>): DbSourceInput {
  const from = str(values['series-from']);
  return {
    url,
    table: str(values.table),
    query: str(values.query),
    map: parseMap(str(values.map)),
    series: str(values.series),
    seriesFrom: from?.split(',').map((c) => c.trim()),
    timeframe: str(values.timeframe),
    tz: str(values.tz),
  };
}
