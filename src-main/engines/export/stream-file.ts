import { BAR_OPTIONAL_COLUMNS, type BarOptionalColumn } from '../../../src-shared/domain/bar';
import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import {
  arrowToBatch,
  type BarBatch,
  type Catalog,
  emptyBatch,
  loadParquetLibs,
  type QueryOptions,
  readManifest,
} from '../catalog/index';
import { writeFileAtomic } from './atomic-file';
import { type ExportBars, type ExportFormat, keptColumns, TextWriter } from './layouts';
import { encodeParquetStream } from './parquet';
import type { WallClock } from './wall-time';
import { fileWindows } from './windows';

/**
 * A series' bars in [range), window by window (see fileWindows) so memory stays flat however long
 * the range, each window read past the read cache (a one-pass read must not fill it). Every batch
 * has the `extra` columns (see extraColumnsIn): NaN where a window lacks one, as a whole read has.
 */
export async function* readChunks(
  catalog: Catalog,
  key: SeriesKey,
  range: Interval,
  query: QueryOptions | undefined,
  extra: readonly BarOptionalColumn[],
): AsyncGenerator<BarBatch> {
  for (const w of fileWindows(range.from, range.to, key.timeframe))
    yield withColumns(arrowToBatch(await catalog.query(key, w, { ...query, uncached: true })), extra);
}

/** The shape of one exported file, fixed before the first bar is written. */
export interface FileShape {
  format: ExportFormat;
  timeframe: Timeframe;
  extra: readonly BarOptionalColumn[];
  /** Resampled files carry `complete`, and `filled` with forward-filling. */
  complete?: boolean;
  filled?: boolean;
  /** Parquet footer metadata. */
  metadata: Record<string, string>;
}

/**
 * Writes `parts` as one file, atomically, as they arrive: text rows per part, Parquet row groups
 * as they fill (parquet-wasm's stream writer). The header or schema comes from `shape`, so a part
 * lacking a column writes it empty. Returns the bars written.
 */
export async function writeStreamed(
  parts: AsyncIterable<ExportBars>,
  shape: FileShape,
  clock: WallClock,
  file: string,
  force: boolean,
): Promise<number> {
  let bars = 0;
  async function* counted(): AsyncGenerator<ExportBars> {
    for await (const p of parts) {
      bars += p.bars.length;
      yield p;
    }
  }
  if (shape.format === 'parquet') {
    // The Parquet encoder needs parquet-wasm before the first catalog read would load it.
    await loadParquetLibs();
    const empty: ExportBars = {
      bars: emptyBatch(shape.extra),
      timeframe: shape.timeframe,
      complete: shape.complete ? new Uint8Array(0) : undefined,
      filled: shape.filled ? new Uint8Array(0) : undefined,
    };
    await writeFileAtomic(file, encodeParquetStream(counted(), empty, shape.metadata), force);
    return bars;
  }
  const present = [
    ...shape.extra,
    ...(shape.complete ? ['complete'] : []),
    ...(shape.filled ? ['filled'] : []),
  ];
  const writer = new TextWriter(shape.format, shape.timeframe, clock, keptColumns(shape.format, present));
  async function* lines(): AsyncGenerator<string> {
    const header = writer.header();
    if (header !== undefined) yield header;
    for await (const data of counted()) yield* writer.rows(data);
  }
  await writeFileAtomic(file, lines(), force);
  return bars;
}

/** Extra columns of the partitions overlapping [from, to): what a whole read of the range carries. */
export async function extraColumnsIn(
  catalog: Catalog,
  key: SeriesKey,
  range: Interval,
): Promise<BarOptionalColumn[]> {
  const manifest = await readManifest(catalog.dir, key);
  const found = new Set(
    (manifest?.partitions ?? [])
      .filter((p) => p.minTs < range.to && p.maxTs >= range.from)
      .flatMap((p) => p.extraColumns),
  );
  return BAR_OPTIONAL_COLUMNS.filter((c) => found.has(c));
}

function withColumns(b: BarBatch, extra: readonly BarOptionalColumn[]): BarBatch {
  for (const c of extra) b[c] ??= new Float64Array(b.length).fill(Number.NaN);
  return b;
}
