// Worker entry: encodes one catalog partition as Parquet off the writing thread (see catalog/partition-encoder.ts).

import {
  crashPoint,
  type EncodedPartition,
  type EncodeRequest,
  encodeParquet,
  loadParquetLibs,
} from '../../engines/catalog/worker-handlers';
import { serveWorker } from '../../plumbing/workers/serve-requests';

serveWorker<EncodeRequest, EncodedPartition, never>(async (req) => {
  await loadParquetLibs();
  // Test hook: BARCAT_THREAD_EXIT_AT=encode-partition ends this worker (a death nested in a migration).
  crashPoint('encode-partition');
  const out = encodeParquet(req.bars, req.opts);
  // Move the bytes back; copy first if they are a view into a larger buffer.
  const whole = out.bytes.byteOffset === 0 && out.bytes.buffer.byteLength === out.bytes.byteLength;
  const bytes = whole ? out.bytes : out.bytes.slice();
  return { result: { bytes, rowGroups: out.rowGroups }, transfer: [bytes.buffer as ArrayBuffer] };
});
