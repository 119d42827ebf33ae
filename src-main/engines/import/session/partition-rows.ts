import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { outOfSession } from '../../calendars/index';
import type { BarBatch, SessionCalendar } from '../../catalog/index';
import type { RowColumns } from '../parse/columns-buffer';
import { MAX_PROBLEMS_IN_FULL, type ProblemLog } from '../parse/problems';
import { finalizeRows } from '../read/finalize';

/** What the file rules and the session check found over the partitions finished so far. */
export interface PartitionTally {
  invalid: number;
  duplicatesCollapsed: number;
  outOfSession: { count: number; times: number[] };
}

export function emptyTally(): PartitionTally {
  return { invalid: 0, duplicatesCollapsed: 0, outOfSession: { count: 0, times: [] } };
}

/**
 * One partition of a streamed import, its rows already in UTC: the file rules (duplicates, grid)
 * and the out-of-session count, both tallied; its bars, or null when none is left. The same for a
 * partition inside one range and for one joined across a range boundary.
 */
export function finishPartitionRows(
  cols: RowColumns,
  timeframe: Timeframe,
  plan: { tz: string; endStamped: boolean },
  calendar: SessionCalendar | undefined,
  log: ProblemLog,
  tally: PartitionTally,
): BarBatch | null {
  const fin = finalizeRows(
    cols,
    timeframe,
    { tz: plan.tz, endStamped: plan.endStamped, noteCollapsed: false, civilIsUtc: true },
    log,
  );
  tally.invalid += fin.invalid;
  tally.duplicatesCollapsed += fin.duplicatesCollapsed;
  if (fin.batch.length === 0) return null;
  if (calendar) {
    const idx = outOfSession(calendar, fin.batch.ts, timeframe);
    tally.outOfSession.count += idx.length;
    const room = Math.max(0, MAX_PROBLEMS_IN_FULL - tally.outOfSession.times.length);
    for (const i of idx.slice(0, room)) tally.outOfSession.times.push(fin.batch.ts[i] as number);
  }
  return fin.batch;
}
