import { openAsBlob } from 'node:fs';
import type { Table } from 'apache-arrow';
import type * as ParquetWasmModule from 'parquet-wasm';
import type { WriterPropertiesBuilder } from 'parquet-wasm';
import type { BarBatch } from '../types';
import { batchToArrow } from './arrow';
import { arrowLib, parquetLib } from './libs';

/** zstd by default (smallest files); lz4 (LZ4_RAW) decodes about 8x faster in parquet-wasm. */
export type ParquetCompression = 'zstd' | 'lz4';

export interface EncodeOptions {
  rowGroupSize: number;
  compression?: ParquetCompression;
  /** Key-value metadata stored in the file footer (series id, writer version). */
  metadata?: Record<string, string>;
  /**
   * Bars files only: chunk statistics on `ts` alone (the catalog's files, the default; see
   * barWriterProperties) or on every column (a file for outside tools: the CLI's --format parquet).
   */
  statistics?: 'ts' | 'every';
}

export interface RowGroupIndex {
  rows: number;
  minTs: number;
  maxTs: number;
}

/** Bar files encoded by this thread (each thread has its own count: tests check which thread encodes). */
export const encodeStats = { files: 0 };

/**
 * Encodes sorted, unique bars as one Parquet file: zstd, dictionary off (high-entropy doubles gain
 * nothing from it), DELTA_BINARY_PACKED timestamps (3 MB -> 3 KB per 1M rows), chunk statistics on
 * `ts` alone for catalog files (see barWriterProperties). Volume is BYTE_STREAM_SPLIT: its zstd pages decode ~2x
 * faster (reads ~6 % faster) for +1 % size; prices stay PLAIN, where the split costs +55 % size
 * (cent-grid mantissas repeat across bytes).
 */
export function encodeParquet(
  batch: BarBatch,
  opts: EncodeOptions,
): { bytes: Uint8Array; rowGroups: RowGroupIndex[] } {
  encodeStats.files++;
  const bytes = parquetLib().writeParquet(arrowToWasm(batchToArrow(batch)), barWriterProperties(opts));
  const rowGroups: RowGroupIndex[] = [];
  for (let start = 0; start < batch.length; start += opts.rowGroupSize) {
    const end = Math.min(batch.length, start + opts.rowGroupSize);
    rowGroups.push({ rows: end - start, minTs: batch.ts[start]!, maxTs: batch.ts[end - 1]! });
  }
  return { bytes, rowGroups };
}

/**
 * Writes an Arrow table as Parquet with the catalog's writer properties (bars' and ticks'): no
 * dictionary, delta-encoded `ts`, chunk statistics; `more` adds column-specific ones.
 */
export function writeArrowParquet(
  table: Table,
  opts: EncodeOptions,
  more: (b: WriterPropertiesBuilder) => WriterPropertiesBuilder = (b) => b,
): Uint8Array {
  return parquetLib().writeParquet(arrowToWasm(table), writerProperties(opts, more));
}

/**
 * Writer properties of a bars file: the catalog's, volume BYTE_STREAM_SPLIT (see encodeParquet),
 * chunk statistics (min/max) on `ts` alone: DuckDB, Polars and Spark prune row groups of a time
 * range with them, while no catalog reader uses the prices' or volume's, and those cost ~8-17 % of
 * the encode; a file for outside tools (`statistics: 'every'`, the CLI's --format parquet) keeps all. Values are handed to the column writers a row group at a time: with the default 1,024 the
 * writer cut each column of a 21,600-row group into pages of 20,480 and 1,120 rows (its 20,000-row
 * page limit is checked between batches); one page per column makes files ~12 % smaller, encoded
 * and decoded no slower (up to ~10 % faster; docs/performance.md).
 */
export function barWriterProperties(opts: EncodeOptions): ParquetWasmModule.WriterProperties {
  const { EnabledStatistics, Encoding } = parquetLib();
  return writerProperties(opts, (b) => {
    const bars = b
      .setColumnEncoding('volume', Encoding.BYTE_STREAM_SPLIT)
      .setWriteBatchSize(opts.rowGroupSize);
    return opts.statistics === 'every'
      ? bars
      : bars
          .setStatisticsEnabled(EnabledStatistics.None)
          .setColumnStatisticsEnabled('ts', EnabledStatistics.Chunk);
  });
}

/** The hand-over of an encode: the Arrow JS table copied into wasm memory (via an IPC stream). */
export function arrowToWasm(table: Table): ParquetWasmModule.Table {
  return parquetLib().Table.fromIPCStream(arrowLib().tableToIPC(table, 'stream'));
}

/** The catalog's writer properties (see writeArrowParquet); `more` adds column-specific ones. */
export function writerProperties(
  opts: EncodeOptions,
  more: (b: WriterPropertiesBuilder) => WriterPropertiesBuilder = (b) => b,
): ParquetWasmModule.WriterProperties {
  const { Compression, EnabledStatistics, Encoding, WriterPropertiesBuilder, WriterVersion } = parquetLib();
  let builder = new WriterPropertiesBuilder()
    .setCompression(opts.compression === 'lz4' ? Compression.LZ4_RAW : Compression.ZSTD)
    .setDictionaryEnabled(false)
    .setWriterVersion(WriterVersion.V2)
    .setColumnEncoding('ts', Encoding.DELTA_BINARY_PACKED)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setMaxRowGroupSize(opts.rowGroupSize)
    .setCreatedBy('barcat');
  builder = more(builder);
  if (opts.metadata) builder = builder.setKeyValueMetadata(new Map(Object.entries(opts.metadata)));
  return builder.build();
}

/**
 * Rows in each row group of a Parquet file, from its footer: files written with another row-group
 * size (an older Barcat, another tool) keep their own.
 */
export async function rowGroupRows(bytes: Uint8Array): Promise<number[]> {
  const pf = await parquetLib().ParquetFile.fromFile(new Blob([bytes]));
  try {
    const meta = pf.metadata();
    return Array.from({ length: meta.numRowGroups() }, (_, i) => meta.rowGroup(i).numRows());
  } finally {
    pf.free();
  }
}

export interface DecodeOptions {
  /** Row-group indices to read; validated by the caller against the file's index (wasm aborts otherwise). */
  rowGroups?: number[];
}

/**
 * Reads only some columns of a Parquet file as an Arrow IPC stream (ParquetFile reads just their
 * byte ranges; readParquet ignores `columns`). Row-group indices are checked against the file first:
 * an out-of-range index makes the async reader abort the process instead of throwing.
 */
export async function readParquetColumnsIPC(
  file: string,
  columns: string[],
  rowGroups?: number[],
): Promise<Uint8Array> {
  const pf = await parquetLib().ParquetFile.fromFile(await openAsBlob(file));
  try {
    const n = pf.metadata().numRowGroups();
    const bad = rowGroups?.find((g) => g < 0 || g >= n);
    if (bad !== undefined) throw new Error(`row group ${bad} is out of range; the file has ${n}`);
    const wasmTable = await pf.read({ batchSize: 65536, columns, rowGroups });
    return wasmTable.intoIPCStream();
  } finally {
    pf.free();
  }
}

/**
 * Decodes a Parquet file (or some of its row groups) into an Arrow IPC stream: a fresh JS buffer of
 * its own, which a worker can transfer to the caller without copying.
 */
export function decodeParquetIPC(bytes: Uint8Array, opts: DecodeOptions = {}): Uint8Array {
  return parquetLib().readParquet(bytes, { batchSize: 65536, rowGroups: opts.rowGroups }).intoIPCStream();
}

/** Decodes a Parquet file (or some of its row groups) into an Arrow JS table. */
export function decodeParquet(bytes: Uint8Array, opts: DecodeOptions = {}): Table {
  return arrowLib().tableFromIPC(decodeParquetIPC(bytes, opts));
}
