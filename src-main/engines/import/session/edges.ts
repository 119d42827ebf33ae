import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { findCalendar } from '../../calendars/index';
import type { BarBatch, StagedPartition } from '../../catalog/index';
import { OPTIONAL_ROW_COLUMNS, ROW_COLUMNS, RowColumns } from '../parse/columns-buffer';
import { ProblemLog } from '../parse/problems';
import type { ReadPlan } from '../read/read-plan';
import { emptyTally, finishPartitionRows, type PartitionTally } from './partition-rows';
import type { EdgeRows, StagedRange } from './range-stage';

export interface FinishedEdges extends PartitionTally {
  parts: StagedPartition[];
  log: ProblemLog;
}

/** Joins the pieces of one partition (in range order) into parsed columns with absolute lines. */
function joinPieces(pieces: { edge: EdgeRows; lineOffset: number }[]): RowColumns {
  const n = pieces.reduce((s, p) => s + p.edge.length, 0);
  const cols = new RowColumns(
    n,
    pieces.some((p) => p.edge.trades),
    pieces.some((p) => p.edge.vwap),
  );
  let at = 0;
  for (const { edge, lineOffset } of pieces) {
    for (const c of ROW_COLUMNS) if (c !== 'line') cols[c].set(edge[c], at);
    // A piece from a range without the file's trades or vwap has none: NaN, as a missing value.
    for (const c of OPTIONAL_ROW_COLUMNS) {
      const src = edge[c];
      if (src) cols[c]?.set(src, at);
      else cols[c]?.fill(Number.NaN, at, at + edge.length);
    }
    for (let i = 0; i < edge.length; i++) cols.line[at + i] = (edge.line[i] as number) + lineOffset;
    at += edge.length;
  }
  cols.length = n;
  return cols;
}

/**
 * The partitions cut by range boundaries: their pieces from neighbouring ranges are joined and given
 * the file rules here (duplicates across the cut meet here), then `stage` encodes them (in a
 * worker); at most one partition per cut.
 */
export async function finishEdges(
  staged: readonly StagedRange[],
  lineOffsets: readonly number[],
  ctx: {
    file: string;
    timeframe: Timeframe;
    plan: ReadPlan;
    key: SeriesKey;
    catalogDir: string;
    calendarName: string;
    stage: (partKey: string, bars: BarBatch) => Promise<StagedPartition>;
  },
): Promise<FinishedEdges> {
  const byKey = new Map<string, { edge: EdgeRows; lineOffset: number }[]>();
  staged.forEach((s, k) => {
    for (const edge of s.edges) {
      const list = byKey.get(edge.partKey) ?? [];
      list.push({ edge, lineOffset: lineOffsets[k] as number });
      byKey.set(edge.partKey, list);
    }
  });
  const log = new ProblemLog(ctx.file);
  const calendar = ctx.calendarName === '24x7' ? undefined : findCalendar(ctx.calendarName, ctx.catalogDir);
  const tally = emptyTally();
  const parts: StagedPartition[] = [];
  for (const [partKey, pieces] of byKey) {
    const bars = finishPartitionRows(joinPieces(pieces), ctx.timeframe, ctx.plan, calendar, log, tally);
    // Staging moves the columns to a worker: nothing reads them here afterwards.
    if (bars) parts.push(await ctx.stage(partKey, bars));
  }
  const out: FinishedEdges = { parts, log, ...tally };
  return out;
}
