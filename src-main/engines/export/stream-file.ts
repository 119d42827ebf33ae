import type { Interval } from '../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import {
  arrowToBatch,
  type BarBatch,
  type Catalog,
  type ExtraColumn,
  emptyBatch,
  loadParquetLibs,
  type QueryOptions,
  readManifest,
} from '../catalog/index';
import { writeFileAtomic } from './atomic-file';
import { type ExportBars, TextWriter } from './layouts';
import { encodeParquetStream } from './parquet';
import type { WallClock } from './wall-time';
import { readWindows } from './windows';

/**
 * A csv or Parquet export of a series as stored (no resampling), read window by window (see
 * readWindows) so memory stays flat however long the range: csv rows go out per window, Parquet row
 * groups are encoded as the windows arrive. The file's extra columns (csv header, Parquet schema)
 * are fixed first from the manifest: those of the partitions the range touches, as a whole read
 * has them; a window lacking one writes it empty (NaN, null in Parquet), as a whole read does.
 */
export async function streamCsvOrParquet(
  catalog: Catalog,
  key: SeriesKey,
  opts: { range: Interval; query?: QueryOptions; format: 'csv' | 'parquet'; force: boolean },
  clock: WallClock,
  file: string,
): Promise<{ bars: number; extra: ExtraColumn[] }> {
  const { range } = opts;
  // The Parquet encoder needs parquet-wasm before the first catalog read would load it.
  await loadParquetLibs();
  const extra = await extraColumnsIn(catalog, key, range);
  const windows = readWindows(range.from, range.to, key.timeframe);
  let bars = 0;
  async function* batches(): AsyncGenerator<ExportBars> {
    for (const w of windows) {
      const data = {
        bars: withColumns(arrowToBatch(await catalog.query(key, w, opts.query)), extra),
        timeframe: key.timeframe,
      };
      bars += data.bars.length;
      yield data;
    }
  }
  if (opts.format === 'csv') {
    const writer = new TextWriter('csv', key.timeframe, clock, extra);
    async function* lines(): AsyncGenerator<string> {
      yield writer.header() ?? '';
      for await (const data of batches()) yield* writer.rows(data);
    }
    await writeFileAtomic(file, lines(), opts.force);
  } else {
    const metadata = { series: seriesId(key) };
    const empty = { bars: emptyBatch(extra), timeframe: key.timeframe };
    await writeFileAtomic(file, encodeParquetStream(batches(), empty, metadata), opts.force);
  }
  return { bars, extra };
}

/** Extra columns of the partitions overlapping [from, to): what a whole read of the range carries. */
async function extraColumnsIn(catalog: Catalog, key: SeriesKey, range: Interval): Promise<ExtraColumn[]> {
  const manifest = await readManifest(catalog.dir, key);
  const found = new Set(
    (manifest?.partitions ?? [])
      .filter((p) => p.minTs < range.to && p.maxTs >= range.from)
      .flatMap((p) => p.extraColumns),
  );
  return (['trades', 'vwap'] as const).filter((c) => found.has(c));
}

function withColumns(b: BarBatch, extra: readonly ExtraColumn[]): BarBatch {
  for (const c of extra) b[c] ??= new Float64Array(b.length).fill(Number.NaN);
  return b;
}
