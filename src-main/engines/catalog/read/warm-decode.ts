import { allocBatch } from '../batch';
import { encodeParquet } from '../parquet/codec';
import { decodeParquetInto } from '../parquet/ffi-decode';
import { loadParquetLibs } from '../parquet/libs';
import { ROW_GROUP_SIZE } from '../partition-io';
import type { BarBatch } from '../types';

/**
 * Bars encoded in memory as a partition file of the catalog (zstd, its row groups) and decoded
 * back the way readBatch decodes a file: what warms a worker's parquet-wasm (compile, instantiate,
 * the decode's tier-up) before its first real read. Loads apache-arrow, which the encoder needs.
 */
export async function decodeRoundTrip(bars: BarBatch): Promise<BarBatch> {
  await loadParquetLibs();
  const { bytes } = encodeParquet(bars, { rowGroupSize: ROW_GROUP_SIZE, compression: 'zstd' });
  const out = allocBatch(bars.length);
  decodeParquetInto(bytes, undefined, out, 0);
  return out;
}
