import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { findCalendar } from '../../calendars/index';
import {
  type BarBatch,
  loadParquetLibs,
  partitionCuts,
  type StagedPartition,
  type StagingArea,
  stagePartition,
} from '../../catalog/index';
import { SPACING_SAMPLE_ROWS } from '../detect/timeframe-probe';
import { type ColumnsData, cutRows, type RowColumns } from '../parse/columns-buffer';
import { ProblemLog, type RawProblem } from '../parse/problems';
import { utcTimes } from '../read/finalize';
import { type ReadProgress, streamLines } from '../read/read-file';
import type { ReadPlan } from '../read/read-plan';
import { RowParser } from '../read/row-parser';
import { emptyTally, finishPartitionRows } from './partition-rows';

/** One worker's share of a streaming import: bytes [start, end) of a file, cut after a newline. */
export interface StageRangeRequest {
  kind: 'stage';
  file: string;
  /** The file's plan, made once by the caller: a range never detects it again. */
  plan: ReadPlan;
  range: { start: number; end: number };
  /** The range starts at the file's start (header, banners) / ends at the file's end. */
  first: boolean;
  last: boolean;
  timeframe: Timeframe;
  key: SeriesKey;
  area: StagingArea;
  /** Calendar for out-of-session notes (null: 24x7, none); user calendars live in catalogDir. */
  calendar: string | null;
  catalogDir: string;
}

/** Rows of a partition cut by a range boundary, as parsed (not finalized); lines relative to the range. */
export interface EdgeRows extends ColumnsData {
  partKey: string;
}

export interface StagedRange {
  parts: StagedPartition[];
  edges: EdgeRows[];
  /** Physical lines in the range (the next range's line numbers start after them). */
  lines: number;
  rowsRead: number;
  /** Rows that passed the row rules (before file rules). */
  rowsParsed: number;
  /** Rows that broke a row rule or a file rule (in the staged partitions). */
  rowsInvalid: number;
  duplicatesCollapsed: number;
  /** Problems with lines relative to the range (those kept in full), counts and errors of all of them. */
  problems: RawProblem[];
  problemCounts: Record<string, number>;
  errors: number;
  /** UTC time of the range's first and last valid rows. */
  firstTs: number | null;
  lastTs: number | null;
  dateOnly: boolean;
  /** Times go back somewhere in the range: the caller reads the file the plain way instead. */
  unsorted: boolean;
  /** The range ends inside a quoted field: the cut was wrong, read the plain way. */
  openQuote: boolean;
  outOfSession: { count: number; times: number[] };
  /** First range only: spacing (ms) -> count over the file's first SPACING_SAMPLE_ROWS valid rows. */
  spacings: [number, number][];
  /** UTC offset (minutes; see RowParser.offsets) -> its first line in the range. */
  offsets: [number, number][];
}

/** One partition's bars to stage in a worker (the joined pieces of a partition cut by a range boundary). */
export interface StageBarsRequest {
  kind: 'stage-bars';
  area: StagingArea;
  key: SeriesKey;
  partKey: string;
  bars: BarBatch;
}

export async function stageBars(req: StageBarsRequest): Promise<StagedPartition> {
  await loadParquetLibs();
  const { entry, written } = stagePartition(req.area, req.key, req.partKey, req.bars);
  await written;
  return entry;
}

const UNSORTED = new Error('unsorted');

/** Copies rows [a, b) of parsed columns (they are about to be overwritten by the next rows). */
function copyRows(cols: RowColumns, partKey: string, a: number, b: number): EdgeRows {
  return { partKey, ...cutRows(cols, 'slice', a, b) };
}

/**
 * Parses one byte range of a file and stages each partition as soon as it is complete (input in
 * ascending time order: a partition is complete when a row of a later one arrives), so at most one
 * partition of rows is held. Row rules as in the plain read; file rules per partition (they only
 * concern rows of equal time, which share a partition). The partitions at an inner range boundary
 * go back to the caller unfinalized, to be joined with the neighbour's rows.
 */
export async function stageRange(
  req: StageRangeRequest,
  opts: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void },
): Promise<StagedRange> {
  await loadParquetLibs();
  // Only the first range holds the header and banner lines; the others' lines are all data.
  const plan = req.first ? req.plan : { ...req.plan, firstDataLine: 1 };
  const log = new ProblemLog(req.file);
  const parser = new RowParser(plan, log, 65_536);
  const cols = parser.cols;
  const cuts = partitionCuts(req.timeframe);
  const keyOf = cuts.keyOf;
  const utc = utcTimes(req.timeframe, { tz: plan.tz, endStamped: plan.endStamped });
  const calendar = req.calendar ? findCalendar(req.calendar, req.catalogDir) : undefined;
  const out: StagedRange = {
    parts: [],
    edges: [],
    lines: 0,
    rowsRead: 0,
    rowsParsed: 0,
    rowsInvalid: 0,
    duplicatesCollapsed: 0,
    problems: log.raw,
    problemCounts: log.counts,
    errors: 0,
    firstTs: null,
    lastTs: null,
    dateOnly: true,
    unsorted: false,
    openQuote: false,
    outOfSession: { count: 0, times: [] },
    spacings: [],
    offsets: [],
  };
  // The spacing sample of the plain read (fileTimeframe), tallied on the wall-clock times as they come.
  const spacings = new Map<number, number>();
  let sampled = 0;
  let prevCivil = 0;
  let converted = 0;
  let headKey: string | undefined;
  const writes: Promise<void>[] = [];

  // UTC times of the rows parsed since the last call, in place of their wall-clock times (finalize
  // is told so); they must not go back.
  const convert = () => {
    const n = cols.length;
    const ts = cols.civil;
    if (req.first)
      for (let i = converted; i < n && sampled < SPACING_SAMPLE_ROWS; i++, sampled++) {
        const d = Math.abs((ts[i] as number) - prevCivil);
        if (sampled > 0 && d > 0) spacings.set(d, (spacings.get(d) ?? 0) + 1);
        prevCivil = ts[i] as number;
      }
    let prev = out.lastTs ?? Number.NEGATIVE_INFINITY;
    for (let i = converted; i < n; i++) {
      const t = utc(ts[i] as number, cols.offsetMin[i] as number);
      if (t < prev) throw UNSORTED;
      ts[i] = prev = t;
    }
    if (n > converted) {
      out.firstTs ??= ts[0] as number;
      out.lastTs = prev;
      headKey ??= keyOf(ts[0] as number);
    }
    converted = n;
  };
  const tally = emptyTally();
  const finishPartition = (partKey: string, a: number, b: number, edge: boolean) => {
    if (edge) {
      out.edges.push(copyRows(cols, partKey, a, b));
      return;
    }
    const bars = finishPartitionRows(cols.view(a, b), req.timeframe, plan, calendar, log, tally);
    if (!bars) return;
    // Encoded now (the rows are overwritten next); the file is written and fsynced meanwhile.
    const { entry, written } = stagePartition(req.area, req.key, partKey, bars);
    out.parts.push(entry);
    written.catch(() => undefined); // awaited below
    writes.push(written);
  };
  // Stages every partition before the one the newest row is in, then drops their rows.
  const flushComplete = () => {
    convert();
    const n = cols.length;
    if (n === 0) return;
    const ts = cols.civil;
    const cut = cuts.startOfLast(ts, n);
    if (cut === 0) return;
    for (const p of cuts.split(ts.subarray(0, cut)))
      finishPartition(p.key, p.start, p.end, !req.first && p.key === headKey);
    cols.dropFront(cut);
    converted = n - cut;
  };

  try {
    const streamed = await streamLines(req.file, parser, req.range.end - req.range.start, {
      signal: opts.signal,
      onProgress: opts.onProgress,
      range: req.range,
      hash: false,
      afterChunk: flushComplete,
      noOffsetsNote: true,
    });
    out.lines = streamed.lines;
    out.openQuote = parser.endedInQuote;
    flushComplete();
    const n = cols.length;
    if (n > 0) {
      const partKey = keyOf(cols.civil[0] as number);
      finishPartition(partKey, 0, n, !req.last || (!req.first && partKey === headKey));
    }
  } catch (err) {
    if (err !== UNSORTED) throw err;
    out.unsorted = true;
  } finally {
    // No file may still be in flight when the caller removes or commits the staging folder.
    await Promise.allSettled(writes);
  }
  await Promise.all(writes);
  out.rowsRead = parser.rowsRead;
  out.spacings = [...spacings];
  out.offsets = [...parser.offsets];
  out.rowsParsed = parser.rowsRead - parser.rowsInvalid;
  out.rowsInvalid += parser.rowsInvalid + tally.invalid;
  out.duplicatesCollapsed = tally.duplicatesCollapsed;
  out.outOfSession = tally.outOfSession;
  out.errors = log.errors;
  out.dateOnly = cols.dateOnly;
  return out;
}
