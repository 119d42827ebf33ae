import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';

/** Answers which intervals a market is open in; the 24x7 calendar returns [from, to) itself. */
export interface SessionCalendar {
  readonly name: string;
  /** Session intervals overlapping [from, to), clipped to it, sorted, disjoint, in ms UTC. */
  sessions(range: Interval, timeframe: SeriesKey['timeframe']): Interval[];
}
