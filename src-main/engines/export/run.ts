import type { Interval } from '../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import type { Catalog, QueryOptions } from '../catalog/index';
import { arrowToBatch } from '../catalog/index';
import { type Align, readResampled } from '../resample/index';
import { writeFileAtomic } from './atomic-file';
import {
  checkLayout,
  droppedColumns,
  type ExportBars,
  type ExportFormat,
  presentColumns,
  type TextFormat,
  TextWriter,
  textChunks,
} from './layouts';
import { encodeExportParquet } from './parquet';
import { streamCsvOrParquet } from './stream-file';
import { planTargets } from './targets';
import { WallClock } from './wall-time';
import { readWindows } from './windows';

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
 * checked before the first file is written.
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
  const spans = new Map<string, Interval>();
  const missing: string[] = [];
  for (const key of req.series)
    await catalog.availability(key).then(
      (a) => {
        if (a.first !== null && a.last !== null) spans.set(seriesId(key), { from: a.first, to: a.last + 1 });
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
    const span = spans.get(seriesId(key)) ?? { from: 0, to: 0 };
    const result = req.resample
      ? await writeWhole(catalog, key, req, clock, file)
      : req.format === 'csv' || req.format === 'parquet'
        ? await streamStored(catalog, key, req, req.format, clock, span, file)
        : await streamText(catalog, key, req, req.format, clock, span, file);
    done.push({ series: seriesId(key), file, ...result });
    hooks.onProgress?.(done.length, targets.length);
  }
  return done;
}

type FileFigures = Omit<ExportedFile, 'series' | 'file'>;

/**
 * A vendor-format export reads the series window by window (see readWindows), so memory stays
 * bounded for years of 1s bars. Vendor layouts hold no extra columns, so no window changes the
 * header; the extra columns met on the way are reported as left out.
 */
async function streamText(
  catalog: Catalog,
  key: SeriesKey,
  req: ExportRequest,
  format: Exclude<TextFormat, 'csv'>,
  clock: WallClock,
  span: Interval,
  file: string,
): Promise<FileFigures> {
  const { from, to } = clip(req.range ?? span, span);
  const windows = readWindows(from, to, key.timeframe);
  const writer = new TextWriter(format, key.timeframe, clock, []);
  const present = new Set<string>();
  let bars = 0;
  async function* chunks(): AsyncGenerator<string> {
    const header = writer.header();
    if (header !== undefined) yield header;
    for (const w of windows) {
      const data = { bars: arrowToBatch(await catalog.query(key, w, req.query)), timeframe: key.timeframe };
      bars += data.bars.length;
      for (const c of presentColumns(data)) present.add(c);
      yield* writer.rows(data);
    }
  }
  await writeFileAtomic(file, chunks(), req.force ?? false);
  return { bars, droppedColumns: droppedColumns(format, [...present]), ...NOTHING_RESAMPLED };
}

const NOTHING_RESAMPLED = { outsideBuckets: 0, droppedIncomplete: 0, filledBars: 0 };

/** csv and Parquet of the stored bars, window by window (see streamCsvOrParquet). */
async function streamStored(
  catalog: Catalog,
  key: SeriesKey,
  req: ExportRequest,
  format: 'csv' | 'parquet',
  clock: WallClock,
  span: Interval,
  file: string,
): Promise<FileFigures> {
  const range = clip(req.range ?? span, span);
  const force = req.force ?? false;
  const r = await streamCsvOrParquet(catalog, key, { range, query: req.query, format, force }, clock, file);
  return { bars: r.bars, droppedColumns: [], ...NOTHING_RESAMPLED };
}

const clip = (range: Interval, span: Interval): Interval => ({
  from: Math.max(range.from, span.from),
  to: Math.min(range.to, span.to),
});

/**
 * Resampled exports: the whole selection in memory, since a bucket (a week, an FX session) may
 * straddle any read window's edge.
 */
async function writeWhole(
  catalog: Catalog,
  key: SeriesKey,
  req: ExportRequest,
  clock: WallClock,
  file: string,
): Promise<FileFigures> {
  const { data, counts } = await readBars(catalog, key, req);
  const chunks =
    req.format === 'parquet'
      ? [encodeExportParquet(data, { series: seriesId({ ...key, timeframe: data.timeframe }) })]
      : textChunks(req.format, data, clock);
  await writeFileAtomic(file, chunks, req.force ?? false);
  return {
    bars: data.bars.length,
    droppedColumns: droppedColumns(req.format, presentColumns(data)),
    ...counts,
  };
}

async function readBars(catalog: Catalog, key: SeriesKey, req: ExportRequest) {
  if (!req.resample) {
    const bars = arrowToBatch(await catalog.query(key, req.range, req.query));
    const data: ExportBars = { bars, timeframe: key.timeframe };
    return { data, counts: NOTHING_RESAMPLED };
  }
  const r = await readResampled(catalog, key, req.range, req.query ?? {}, req.resample);
  const data: ExportBars = {
    bars: r.bars,
    timeframe: req.resample.timeframe,
    complete: r.complete,
    filled: r.filled,
  };
  return {
    data,
    counts: {
      outsideBuckets: r.outsideBuckets,
      droppedIncomplete: r.droppedIncomplete,
      filledBars: r.filledBars,
    },
  };
}
