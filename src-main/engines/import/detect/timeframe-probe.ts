import { isDailyOrLonger, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { ProblemLog } from '../parse/problems';
import { inferTimeframe } from '../read/finalize';
import { streamLines } from '../read/read-file';
import type { ReadPlan } from '../read/read-plan';
import { RowParser } from '../read/row-parser';

/** Valid rows whose spacing decides the timeframe (as fileTimeframe samples them). */
export const SPACING_SAMPLE_ROWS = 200_000;

/** What the first rows of a file say about its timeframe, before the whole file is read. */
export interface TimeframeProbe {
  /** The most common spacing among the first valid rows, as a timeframe. */
  spacing: Timeframe | null;
  /** Every probed row was a date without a time. */
  dateOnly: boolean;
}

/** fileTimeframe's rule, from the spacing sample and whether the whole file was date-only. */
export function shownTimeframe(spacing: Timeframe | null, dateOnly: boolean, rows: number): Timeframe | null {
  if (dateOnly && rows > 0 && (!spacing || !isDailyOrLonger(spacing))) return '1d';
  return spacing;
}

const ENOUGH = new Error('enough rows');

/** Parses the first SPACING_SAMPLE_ROWS valid rows (a streaming import needs the timeframe up front). */
export async function probeTimeframe(
  file: string,
  plan: ReadPlan,
  signal?: AbortSignal,
): Promise<TimeframeProbe> {
  const parser = new RowParser(plan, new ProblemLog(file), SPACING_SAMPLE_ROWS + 16);
  try {
    await streamLines(file, parser, 0, {
      signal,
      hash: false,
      slice: {
        rows: SPACING_SAMPLE_ROWS,
        flush: async () => {
          throw ENOUGH;
        },
      },
    });
  } catch (err) {
    if (err !== ENOUGH) throw err;
  }
  const cols = parser.cols;
  const n = Math.min(cols.length, SPACING_SAMPLE_ROWS);
  return { spacing: inferTimeframe(cols.civil, n), dateOnly: cols.dateOnly };
}
