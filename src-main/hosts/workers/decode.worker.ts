// Worker entry: decodes catalog partitions off the reading thread (see catalog/read/partition-decoder.ts).
// It loads no apache-arrow: it sends bars' columns (decoded in JavaScript) or parquet-wasm's IPC
// bytes, and starts faster.
import {
  type DecodedForTransfer,
  type DecodedPartition,
  type DecodeRequest,
  decodePartitionForTransfer,
  type PartitionRead,
} from '../../engines/catalog/worker-handlers';
import { insideCatalog } from '../../plumbing/inside';
import { serveWorker } from '../../plumbing/workers/serve-requests';

let warm = false;

/**
 * The first decode in a thread compiles its decoder's code lazily and is several times slower.
 * Do it on one row group before claiming anything, so a cold worker never holds up a read. Not
 * hashed (`trust` dropped): nobody gets these rows, and hashing the whole sample file would only
 * delay the claims; the path is still checked to be inside the catalog.
 */
async function warmUp({ trust, ...read }: PartitionRead): Promise<void> {
  if (warm) return;
  warm = true;
  try {
    const file = trust ? insideCatalog(trust.root, read.file) : read.file;
    await decodePartitionForTransfer({ ...read, file, rowGroups: [read.rowGroups?.[0] ?? 0] });
  } catch {
    // A bad file is reported by the read itself.
  }
}

/** The buffers to move back with a decoded partition (a view into a larger buffer is copied first). */
function movable(decoded: DecodedForTransfer): { decoded: DecodedForTransfer; buffers: ArrayBuffer[] } {
  if ('ipc' in decoded) {
    const { ipc } = decoded;
    const own = ipc.byteOffset === 0 && ipc.buffer.byteLength === ipc.byteLength ? ipc : ipc.slice();
    return { decoded: { ipc: own }, buffers: [own.buffer as ArrayBuffer] };
  }
  // js-decode gives every column its own Float64Array; a buffer is listed once.
  const buffers = new Set<ArrayBuffer>();
  for (const v of Object.values(decoded.bars))
    if (v instanceof Float64Array) buffers.add(v.buffer as ArrayBuffer);
  return { decoded, buffers: [...buffers] };
}

serveWorker<DecodeRequest, null, DecodedPartition>(async (req, ctx) => {
  const next = new Int32Array(req.next);
  if (req.reads[0]) await warmUp(req.reads[0]);
  // Claim partitions until none is left: the reader and the other worker claim from the same counter.
  for (let i = Atomics.add(next, 0, 1); i < req.reads.length; i = Atomics.add(next, 0, 1)) {
    try {
      const { decoded, buffers } = movable(await decodePartitionForTransfer(req.reads[i]!));
      ctx.progress({ index: i, decoded }, buffers);
    } catch {
      // The reader reads it again on its own thread, which raises the error with its usual meaning.
      ctx.progress({ index: i });
    }
  }
  return { result: null };
});
