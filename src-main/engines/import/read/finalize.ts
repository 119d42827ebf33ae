import {
  BAR_OPTIONAL_COLUMNS,
  outOfRangeWhat,
  type TsLimits,
  tsInLimits,
  tsText,
} from '../../../../src-shared/domain/bar';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { DAY, isDailyOrLonger, isOnGrid, nominalMs } from '../../../../src-shared/domain/timeframe';
import { allocBatch, type BarBatch, batchOf, tsLimitsFromEnv } from '../../catalog/index';
import type { RowColumns } from '../parse/columns-buffer';
import type { ProblemLog } from '../parse/problems';
import { ZoneConverter } from '../parse/zone';
import { timeframeOfSpacing } from './timeframe-spacing';

/** The timeframe whose length is the most common spacing between consecutive bars. */
export function inferTimeframe(civil: Float64Array, n: number): Timeframe | null {
  if (n < 2) return null;
  const counts = new Map<number, number>();
  for (let i = 1; i < n; i++) {
    const d = Math.abs((civil[i] as number) - (civil[i - 1] as number));
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return timeframeOfSpacings(counts);
}

/** The timeframe of the most common spacing (ms -> how often; ties go to the shorter spacing). */
export function timeframeOfSpacings(counts: ReadonlyMap<number, number>): Timeframe | null {
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < best)) [best, bestCount] = [d, c];
  if (best === 0) return null;
  return timeframeOfSpacing(best);
}

/** The timeframe a file's bars show: date-only rows are daily unless spaced weekly or monthly. */
export function fileTimeframe(cols: RowColumns, sampleRows = 200_000): Timeframe | null {
  const inferred = inferTimeframe(cols.civil, Math.min(cols.length, sampleRows));
  if (cols.dateOnly && cols.length > 0 && (!inferred || !isDailyOrLonger(inferred))) return '1d';
  return inferred;
}

/** Logs the file-level error of a file whose timeframe is neither given nor visible in its spacing. */
export function reportNoTimeframe(problems: ProblemLog): void {
  problems.add(
    null,
    null,
    null,
    'no_timeframe',
    'the timeframe cannot be inferred from the bar spacing; pass --timeframe',
  );
}

export interface Finalized {
  batch: BarBatch;
  timeframe: Timeframe;
  duplicatesCollapsed: number;
  /** Rows dropped by file rules (conflicting duplicates, outside the allowed years, off-grid). */
  invalid: number;
}

/** Times strictly ascending, each in `limits` and on the timeframe's grid. */
function allClean(ts: Float64Array, n: number, timeframe: Timeframe, limits: TsLimits): boolean {
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i] as number;
    if (!(t > prev) || !tsInLimits(t, limits) || !isOnGrid(t, timeframe)) return false;
    prev = t;
  }
  return true;
}

/** The first n rows of the parsed columns (UTC times in `civil`) as bars: views, not copies. */
function columnViews(cols: RowColumns, n: number): BarBatch {
  const out = batchOf(n, (c) => (c === 'ts' ? cols.civil : cols[c]).subarray(0, n));
  if (cols.trades) out.trades = cols.trades.subarray(0, n);
  if (cols.vwap) out.vwap = cols.vwap.subarray(0, n);
  return out;
}

function sameBar(c: RowColumns, a: number, b: number): boolean {
  const eq = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));
  return (
    c.open[a] === c.open[b] &&
    c.high[a] === c.high[b] &&
    c.low[a] === c.low[b] &&
    c.close[a] === c.close[b] &&
    eq(c.volume[a] as number, c.volume[b] as number)
  );
}

/**
 * The stored UTC time of a row from its wall-clock time and written offset (NaN when naive): daily
 * bars keyed by their date at 00:00 UTC, intraday converted from the zone and shifted when end-stamped.
 */
export function utcTimes(
  timeframe: Timeframe,
  opts: { tz: string; endStamped: boolean },
): (civil: number, offsetMin: number) => number {
  if (isDailyOrLonger(timeframe)) return (civil) => Math.floor(civil / DAY) * DAY;
  const zone = new ZoneConverter(opts.tz);
  const shift = opts.endStamped ? nominalMs(timeframe) : 0;
  return (civil, off) => (Number.isNaN(off) ? zone.toUtc(civil) : civil - off * 60_000) - shift;
}

/**
 * File rules after the whole file was read: UTC timestamps (daily bars keyed by their date at
 * 00:00 UTC, intraday converted from the zone and shifted when end-stamped), ascending order,
 * identical duplicates collapsed, conflicting duplicates, bars outside the allowed years
 * (domain/bar.ts) and off-grid bars reported as errors.
 */
export function finalizeRows(
  cols: RowColumns,
  timeframe: Timeframe,
  opts: {
    tz: string;
    endStamped: boolean;
    noteCollapsed?: boolean;
    civilIsUtc?: boolean;
    /** Allowed bar times; default: BARCAT_YEARS or 1900-2200. */
    limits?: TsLimits;
  },
  problems: ProblemLog,
): Finalized {
  const n = cols.length;
  // UTC times overwrite the wall-clock column in place: one array less at 5M rows. The streaming
  // import converts while it cuts partitions (civilIsUtc).
  const ts = cols.civil;
  if (!opts.civilIsUtc) {
    const utc = utcTimes(timeframe, opts);
    for (let i = 0; i < n; i++) ts[i] = utc(cols.civil[i] as number, cols.offsetMin[i] as number);
  }
  const limits = opts.limits ?? tsLimitsFromEnv();
  // The common case checked in one pass: rows ascending without duplicates, all in the allowed
  // years and on the grid. Nothing to note, drop or move; anything else takes the passes below.
  if (allClean(ts, n, timeframe, limits))
    return { batch: columnViews(cols, n), timeframe, duplicatesCollapsed: 0, invalid: 0 };
  // Order: ascending kept, descending reversed, anything else sorted (stable, by line).
  let asc = true;
  let desc = true;
  for (let i = 1; i < n && (asc || desc); i++) {
    if ((ts[i] as number) < (ts[i - 1] as number)) asc = false;
    if ((ts[i] as number) > (ts[i - 1] as number)) desc = false;
  }
  // Ascending input (the common case) needs no permutation array at all.
  let order: Uint32Array | null = null;
  if (!asc) {
    order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = desc ? n - 1 - i : i;
    if (!desc) order.sort((a, b) => (ts[a] as number) - (ts[b] as number) || a - b);
  }
  const at = order ? (k: number) => (order as Uint32Array)[k] as number : (k: number) => k;
  if (!asc && n > 1)
    problems.add(
      null,
      null,
      null,
      'unsorted',
      `rows are ${desc ? 'newest first' : 'out of order'}; they were sorted by time`,
      'note',
    );

  const keep = new Uint8Array(n);
  let duplicatesCollapsed = 0;
  let invalid = 0;
  for (let k = 0; k < n; ) {
    const i = at(k);
    let j = k + 1;
    while (j < n && ts[at(j)] === ts[i]) j++;
    if (j - k === 1) keep[i] = 1;
    else {
      let conflict = false;
      for (let q = k + 1; q < j; q++) if (!sameBar(cols, i, at(q))) conflict = true;
      if (!conflict) {
        keep[i] = 1;
        duplicatesCollapsed += j - k - 1;
      } else {
        for (let q = k; q < j; q++) {
          const r = at(q);
          problems.add(
            cols.line[r] as number,
            null,
            new Date(ts[r] as number).toISOString(),
            'duplicate_conflict',
            `${j - k} rows share this time with different values`,
          );
          invalid++;
        }
      }
    }
    k = j;
  }
  // The streaming import finalizes partition by partition and notes the file's total once.
  if (duplicatesCollapsed > 0 && opts.noteCollapsed !== false)
    problems.add(
      null,
      null,
      null,
      'duplicate_identical',
      `${duplicatesCollapsed} identical duplicate rows were collapsed`,
      'note',
    );
  for (let k = 0; k < n; k++) {
    const i = at(k);
    if (keep[i] && !tsInLimits(ts[i] as number, limits)) {
      keep[i] = 0;
      invalid++;
      const t = ts[i] as number;
      problems.add(cols.line[i] as number, null, tsText(t), 'ts_out_of_range', outOfRangeWhat(t, limits));
    } else if (keep[i] && !isOnGrid(ts[i] as number, timeframe)) {
      keep[i] = 0;
      invalid++;
      problems.add(
        cols.line[i] as number,
        null,
        new Date(ts[i] as number).toISOString(),
        'off_grid',
        `the bar time is not on the ${timeframe} grid`,
      );
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i] as number;
  // Nothing moved or dropped: views of the parsed columns instead of copies.
  if (asc && m === n) return { batch: columnViews(cols, n), timeframe, duplicatesCollapsed, invalid };
  const out = allocBatch(
    m,
    BAR_OPTIONAL_COLUMNS.filter((c) => cols[c]),
  );
  let w = 0;
  for (let k = 0; k < n; k++) {
    const i = at(k);
    if (!keep[i]) continue;
    out.ts[w] = ts[i] as number;
    out.open[w] = cols.open[i] as number;
    out.high[w] = cols.high[i] as number;
    out.low[w] = cols.low[i] as number;
    out.close[w] = cols.close[i] as number;
    out.volume[w] = cols.volume[i] as number;
    if (out.trades && cols.trades) out.trades[w] = cols.trades[i] as number;
    if (out.vwap && cols.vwap) out.vwap[w] = cols.vwap[i] as number;
    w++;
  }
  return { batch: out, timeframe, duplicatesCollapsed, invalid };
}
