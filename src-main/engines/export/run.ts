import type { Interval } from '../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import { requireCalendar } from '../calendars/index';
import type { BarBatch, Catalog, QueryOptions } from '../catalog/index';
import { type Align, type Resampled, resampleChunks } from '../resample/index';
import { checkLayout, droppedColumns, type ExportBars, type ExportFormat } from './layouts';
import { extraColumnsIn, readChunks, writeStreamed } from './stream-file';
import { planTargets } from './targets';
import { WallClock } from './wall-time';

export interface ExportRequest {
  series: SeriesKey[];
  range?: Interval;
  query?: QueryOptions;
  /** Resample to this timeframe first (see src-main/engines/resample). */
  resample?: { timeframe: Timeframe; align: Align; fill: boolean; completeOnly: boolean };
  format: ExportFormat;
  /** Zone of the wall-clock times in formats without offsets (default UTC). */
  tz?: string;
  out: string;
  force?: boolean;
}

/** What one file got, and what it left out, so nothing changes silently. */
export interface ExportedFile {
  series: string;
  file: string;
  bars: number;
  /** Columns the format cannot hold. */
  droppedColumns: string[];
  /** Resampling only: source bars outside every bucket, incomplete bars dropped, bars forward-filled. */
  outsideBuckets: number;
  droppedIncomplete: number;
  filledBars: number;
}

/** The app's job: cancel between files, files done of all. */
export interface ExportHooks {
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/**
 * Writes each series to its own file (see planTargets), each atomically. Every series and target is
 * checked before the first file is written. Each file streams: the series is read window by window
 * (see readChunks), resampled piece by piece (resampleChunks) and encoded as it goes, so memory
 * stays flat however many years are exported.
 */
export async function exportSeries(
  catalog: Catalog,
  req: ExportRequest,
  cwd: string,
  hooks: ExportHooks = {},
): Promise<ExportedFile[]> {
  const tz = req.tz ?? 'UTC';
  const clock = new WallClock(tz);
  if (req.format === 'parquet' && !clock.isUtc)
    throw new BarcatError(
      'USAGE',
      'Parquet stores instants as UTC timestamps, so --tz does not apply; convert in the reader (DuckDB: SET TimeZone)',
    );
  for (const key of req.series) checkLayout(req.format, req.resample?.timeframe ?? key.timeframe);
  const spans = new Map<string, Stored>();
  const missing: string[] = [];
  for (const key of req.series)
    await catalog.availability(key).then(
      (a) => {
        // A series without bars exports an empty file (its header or schema).
        const span =
          a.first !== null && a.last !== null ? { from: a.first, to: a.last + 1 } : { from: 0, to: 0 };
        spans.set(seriesId(key), { span, calendar: a.calendar });
      },
      (err: unknown) => {
        if (!(err instanceof BarcatError) || err.code !== 'NOT_FOUND') throw err;
        missing.push(seriesId(key));
      },
    );
  if (missing.length > 0)
    throw new BarcatError(
      'NOT_FOUND',
      `series ${missing.join(', ')} not in the catalog ${catalog.dir}; run "barcat list" to see what is there`,
    );
  const targets = await planTargets(
    req.series,
    req.resample?.timeframe,
    req.format,
    req.out,
    cwd,
    req.force ?? false,
  );
  const done: ExportedFile[] = [];
  for (const { key, file } of targets) {
    hooks.signal?.throwIfAborted();
    const stored = spans.get(seriesId(key))!;
    done.push({ series: seriesId(key), file, ...(await exportOne(catalog, key, req, stored, clock, file)) });
    hooks.onProgress?.(done.length, targets.length);
  }
  return done;
}

type FileFigures = Omit<ExportedFile, 'series' | 'file'>;

/** What the manifest says of a series: the span of its bars and its calendar. */
interface Stored {
  span: Interval;
  calendar: string;
}

const NOTHING_RESAMPLED = { outsideBuckets: 0, droppedIncomplete: 0, filledBars: 0 };

/** One series into one file, streamed: bars as stored, or resampled piece by piece. */
async function exportOne(
  catalog: Catalog,
  key: SeriesKey,
  req: ExportRequest,
  stored: Stored,
  clock: WallClock,
  file: string,
): Promise<FileFigures> {
  const range = clip(req.range ?? stored.span, stored.span);
  const extra = await extraColumnsIn(catalog, key, range);
  const chunks = readChunks(catalog, key, range, req.query, extra);
  const force = req.force ?? false;
  const r = req.resample;
  if (!r) {
    const shape = {
      format: req.format,
      timeframe: key.timeframe,
      extra,
      metadata: { series: seriesId(key) },
    };
    const bars = await writeStreamed(asParts(chunks, key.timeframe), shape, clock, file, force);
    return { bars, droppedColumns: droppedColumns(req.format, extra), ...NOTHING_RESAMPLED };
  }
  const counts = { ...NOTHING_RESAMPLED };
  const calendar = requireCalendar(stored.calendar, catalog.dir);
  const pieces = resampleChunks(chunks, key.timeframe, r.timeframe, { ...r, calendar });
  const shape = {
    format: req.format,
    timeframe: r.timeframe,
    extra,
    complete: true,
    filled: r.fill,
    metadata: { series: seriesId({ ...key, timeframe: r.timeframe }) },
  };
  const bars = await writeStreamed(resampled(pieces, r.timeframe, counts), shape, clock, file, force);
  const present = [...extra, 'complete', ...(r.fill ? ['filled'] : [])];
  return { bars, droppedColumns: droppedColumns(req.format, present), ...counts };
}

async function* asParts(chunks: AsyncIterable<BarBatch>, timeframe: Timeframe): AsyncGenerator<ExportBars> {
  for await (const bars of chunks) yield { bars, timeframe };
}

/** The resampled pieces as file parts, adding up what each left out or made up into `counts`. */
async function* resampled(
  pieces: AsyncIterable<Resampled>,
  timeframe: Timeframe,
  counts: typeof NOTHING_RESAMPLED,
): AsyncGenerator<ExportBars> {
  for await (const p of pieces) {
    counts.outsideBuckets += p.outsideBuckets;
    counts.droppedIncomplete += p.droppedIncomplete;
    counts.filledBars += p.filledBars;
    yield { bars: p.bars, timeframe, complete: p.complete, filled: p.filled };
  }
}

const clip = (range: Interval, span: Interval): Interval => ({
  from: Math.max(range.from, span.from),
  to: Math.min(range.to, span.to),
});
