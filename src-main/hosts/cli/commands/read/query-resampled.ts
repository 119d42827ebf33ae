import type { Interval } from '../../../../../src-shared/domain/range';
import type { SeriesKey } from '../../../../../src-shared/domain/series';
import type { Catalog, QueryOptions } from '../../../../engines/catalog/index';
import { type ResampleRequest, readResampled } from '../../../../engines/resample/index';
import type { CliIO } from '../../command';
import { writeResampledOut } from '../../resampled-output';

/** `barcat query --timeframe TF`: resampled bars out, and on stderr every bar the resample left out or made up. */
export async function queryResampled(
  catalog: Catalog,
  key: SeriesKey,
  range: Interval | undefined,
  query: QueryOptions,
  req: ResampleRequest,
  format: string,
  out: unknown,
  io: CliIO,
): Promise<number> {
  const r = await readResampled(catalog, key, range, query, req);
  const data = { bars: r.bars, timeframe: req.timeframe, complete: r.complete, filled: r.filled };
  await writeResampledOut(
    data,
    format as 'csv' | 'json' | 'parquet',
    typeof out === 'string' ? out : undefined,
    io,
  );
  const notes = resampleNotes(r);
  if (notes) io.stderr.write(`${notes}\n`);
  return 0;
}

/** One line naming what a resample left out or made up; empty when nothing. */
export function resampleNotes(r: {
  outsideBuckets: number;
  droppedIncomplete: number;
  filledBars: number;
}): string {
  const parts = [
    r.outsideBuckets ? `${r.outsideBuckets} source bars outside every session left out` : '',
    r.droppedIncomplete ? `${r.droppedIncomplete} incomplete bars dropped (--complete-only)` : '',
    r.filledBars ? `${r.filledBars} bars forward-filled (filled=true)` : '',
  ].filter(Boolean);
  return parts.join('; ');
}
