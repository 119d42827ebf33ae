// parquet-wasm writer options measured on the import's own bars: per variant, the CPU to encode the
// partitions of a batch (hand-over excluded: each partition is in wasm memory before the clock starts),
// the bytes on disk and the CPU to decode them again. Variants are taken in turn, RUNS times, and the
// median kept, so a busy moment of a shared machine falls on all of them. `current` is the catalog's
// writer (catalog/parquet/codec.ts barWriterProperties); each other one changes one thing.
import type { WriterProperties, WriterPropertiesBuilder } from 'parquet-wasm';
import { type BarBatch, partitionCuts, sliceBatch } from '../src-main/engines/catalog/index';
import { batchToArrow } from '../src-main/engines/catalog/parquet/arrow';
import {
  arrowToWasm,
  barWriterProperties,
  writerProperties,
} from '../src-main/engines/catalog/parquet/codec';
import { loadParquetLibs, parquetLib } from '../src-main/engines/catalog/parquet/libs';
import { partitionEncodeOptions, ROW_GROUP_SIZE } from '../src-main/engines/catalog/partition-io';
import { type Figures, median } from './record';

const RUNS = 3;

type Variant = (partKey: string) => WriterProperties;

function variants(): Record<string, Variant> {
  const { Compression, EnabledStatistics, Encoding, WriterVersion } = parquetLib();
  const key = { venue: 'CSV', symbol: 'BENCH', timeframe: '1m' as const };
  const opts = (partKey: string, rowGroupSize = ROW_GROUP_SIZE) => ({
    ...partitionEncodeOptions(key, partKey),
    rowGroupSize,
  });
  // The catalog's bar writer (codec.ts barWriterProperties) with one thing changed by `more`.
  const with_ =
    (more: (b: WriterPropertiesBuilder) => WriterPropertiesBuilder, rows = ROW_GROUP_SIZE) =>
    (k: string) =>
      writerProperties(opts(k, rows), (b) =>
        more(
          b
            .setColumnEncoding('volume', Encoding.BYTE_STREAM_SPLIT)
            .setStatisticsEnabled(EnabledStatistics.None)
            .setColumnStatisticsEnabled('ts', EnabledStatistics.Chunk)
            .setWriteBatchSize(rows),
        ),
      );
  return {
    current: (k) => barWriterProperties(opts(k)),
    volumePlain: with_((b) => b.setColumnEncoding('volume', Encoding.PLAIN)),
    rowGroupMonth44640: with_((b) => b, 44_640),
    rowGroup8192: with_((b) => b, 8192),
    writerV1: with_((b) => b.setWriterVersion(WriterVersion.V1)),
    statisticsOff: with_((b) => b.setColumnStatisticsEnabled('ts', EnabledStatistics.None)),
    // As before issue 19: statistics on every column, values handed over 1,024 at a time (two pages
    // per column of a 21,600-row group).
    statisticsAllColumns: with_((b) => b.setStatisticsEnabled(EnabledStatistics.Chunk)),
    writeBatch1024: with_((b) => b.setWriteBatchSize(1024)),
    dictionaryOn: with_((b) => b.setDictionaryEnabled(true)),
    lz4: with_((b) => b.setCompression(Compression.LZ4_RAW)),
    snappy: with_((b) => b.setCompression(Compression.SNAPPY)),
    uncompressed: with_((b) => b.setCompression(Compression.UNCOMPRESSED)),
  };
}

/** Encode CPU ms, MB and decode CPU ms per writer variant, over the partitions of `batch`. */
export async function measureEncodeOptions(batch: BarBatch): Promise<Figures> {
  await loadParquetLibs();
  const W = parquetLib();
  const parts = partitionCuts('1m')
    .split(batch.ts)
    .map((p) => ({
      key: p.key,
      ipc: arrowToWasm(batchToArrow(sliceBatch(batch, p.start, p.end))).intoIPCStream(),
    }));
  const all = variants();
  const enc: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((n) => [n, []]));
  const dec: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((n) => [n, []]));
  const mb: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++)
    for (const [name, props] of Object.entries(all)) {
      let encodeUs = 0;
      let decodeUs = 0;
      let bytes = 0;
      for (const p of parts) {
        const table = W.Table.fromIPCStream(p.ipc);
        const wp = props(p.key);
        const c0 = process.cpuUsage();
        const out = W.writeParquet(table, wp);
        const c1 = process.cpuUsage(c0);
        encodeUs += c1.user + c1.system;
        bytes += out.length;
        const d0 = process.cpuUsage();
        W.readParquet(out).free();
        const d1 = process.cpuUsage(d0);
        decodeUs += d1.user + d1.system;
      }
      enc[name]?.push(encodeUs / 1000);
      dec[name]?.push(decodeUs / 1000);
      mb[name] = Math.round(bytes / 1e4) / 100;
    }
  const out: Figures = { encodeOptionsRows: batch.length };
  for (const name of Object.keys(all))
    out[`writer_${name}_encodeMs_mb_decodeMs`] =
      `${Math.round(median(enc[name] ?? []))} / ${mb[name]} / ${Math.round(median(dec[name] ?? []))}`;
  return out;
}
