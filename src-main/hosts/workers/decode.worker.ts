// Worker entry: decodes catalog partitions off the reading thread (see catalog/read/partition-decoder.ts).
// It imports parquet-wasm only (no apache-arrow, no zod): it sends IPC bytes, and starts faster.
import {
  type DecodedPartition,
  type DecodeRequest,
  loadParquetWasm,
  type PartitionRead,
  readPartitionIPC,
} from '../../engines/catalog/worker-handlers';
import { insideCatalog } from '../../plumbing/inside';
import { serveWorker } from '../../plumbing/workers/serve-requests';

let warm = false;

/**
 * The first decode in a thread compiles parquet-wasm's code lazily and is several times slower.
 * Do it on one row group before claiming anything, so a cold worker never holds up a read. Not
 * hashed (`trust` dropped): nobody gets these rows, and hashing the whole sample file would only
 * delay the claims; the path is still checked to be inside the catalog.
 */
async function warmUp({ trust, ...read }: PartitionRead): Promise<void> {
  if (warm) return;
  warm = true;
  try {
    const file = trust ? insideCatalog(trust.root, read.file) : read.file;
    await readPartitionIPC({ ...read, file, rowGroups: [read.rowGroups?.[0] ?? 0] });
  } catch {
    // A bad file is reported by the read itself.
  }
}

serveWorker<DecodeRequest, null, DecodedPartition>(async (req, ctx) => {
  await loadParquetWasm();
  const next = new Int32Array(req.next);
  if (req.reads[0]) await warmUp(req.reads[0]);
  // Claim partitions until none is left: the reader and the other worker claim from the same counter.
  for (let i = Atomics.add(next, 0, 1); i < req.reads.length; i = Atomics.add(next, 0, 1)) {
    try {
      const ipc = await readPartitionIPC(req.reads[i]!);
      // Move the bytes back; copy first if they are a view into a larger buffer.
      const whole = ipc.byteOffset === 0 && ipc.buffer.byteLength === ipc.byteLength;
      const own = whole ? ipc : ipc.slice();
      ctx.progress({ index: i, ipc: own }, [own.buffer as ArrayBuffer]);
    } catch {
      // The reader reads it again on its own thread, which raises the error with its usual meaning.
      ctx.progress({ index: i });
    }
  }
  return { result: null };
});
