import { BAR_COLUMNS, type BarColumn } from '../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import type { DbTarget } from './target';

/** How a database column is read. `wall`: a naive timestamp, read in the plan's zone. */
export type ColumnKind = 'instant' | 'wall' | 'date' | 'integer' | 'number' | 'text' | 'other';

export interface DbColumn {
  name: string;
  /** The database's own type name, for the preview. */
  type: string;
  kind: ColumnKind;
}

// A bar's columns are bar.ts's BAR_COLUMNS (zod-free), so the plan stays light for the worker.
export const REQUIRED_FIELDS: readonly BarColumn[] = ['ts', 'open', 'high', 'low', 'close'];

export type DbFrom = { table: string } | { query: string };

/** Which series a row goes to: one fixed series, or venue and symbol (and timeframe) from columns. */
export type SeriesSource =
  | { fixed: SeriesKey }
  | { venueCol: string; symbolCol: string; timeframeCol?: string; timeframe?: Timeframe };

/**
 * A database import as the user confirmed it; serializable (it crosses to the worker). The mapping
 * names columns; the ts column's kind decides how times are read.
 */
export interface DbImportPlan {
  target: DbTarget;
  from: DbFrom;
  map: Partial<Record<BarColumn, string>>;
  tsKind: 'instant' | 'wall' | 'date' | 'integer';
  series: SeriesSource;
  /** Zone of naive (`wall`) times; instants ignore it. */
  tz: string;
  /** Identifies the source for its watermark: target, from, mapping, series, zone. */
  sourceHash: string;
  sourceLabel: string;
}

/** The series columns of a plan, in key order (after the ts key). */
export function seriesColumns(s: SeriesSource): string[] {
  if ('fixed' in s) return [];
  return s.timeframeCol ? [s.venueCol, s.symbolCol, s.timeframeCol] : [s.venueCol, s.symbolCol];
}

/** The value fields a plan reads, in the order the rows carry them after the key columns. */
export function valueFields(plan: DbImportPlan): BarColumn[] {
  return BAR_COLUMNS.filter((f) => f !== 'ts' && plan.map[f] !== undefined);
}
