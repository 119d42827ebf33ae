// What the worker entries (src-main/hosts/workers/*.worker.ts) run for the catalog. Kept apart from
// index.ts so a decode or encode worker bundles only its decoders and encoder (the JavaScript page
// decoder, hyparquet, parquet-wasm), not the catalog's storage code, and starts fast.
export { crashPoint } from './disk/crash-hook';
export { encodeParquet } from './parquet/codec';
export { loadParquetLibs } from './parquet/libs';
export type { EncodedPartition, EncodeRequest } from './partition-encoder';
export type { DecodedPartition, DecodeRequest } from './read/partition-decoder';
export {
  type DecodedForTransfer,
  decodePartitionForTransfer,
  type PartitionRead,
  readPartitionIPC,
} from './read/partition-read';
