import { BAR_COLUMNS } from '../../../src-shared/domain/bar';
import { bundledIdlePool, type IdlePool } from '../../plumbing/workers/idle-pool';
import { type EncodeOptions, encodeParquet, type RowGroupIndex } from './parquet/codec';
import type { BarBatch } from './types';

export interface EncodedPartition {
  bytes: Uint8Array;
  rowGroups: RowGroupIndex[];
}

/** One partition to encode in a worker: its own copies of the columns, moved (not cloned) there. */
export interface EncodeRequest {
  bars: BarBatch;
  opts: EncodeOptions;
}

/** Encodes one partition; the in-thread version resolves at once (encoding already done). */
export type EncodeFn = (bars: BarBatch, opts: EncodeOptions) => Promise<EncodedPartition>;

/**
 * Rows a write needs before it encodes in workers. Starting the pool (each worker loads arrow and
 * compiles parquet-wasm) costs about as much as encoding 1M rows in-thread, so a cold pool needs a
 * big write; a running pool is worth it from 100k rows. Smaller writes stay on the calling thread.
 */
export const WORKER_ENCODE_MIN_ROWS = 1_000_000;
export const WARM_POOL_MIN_ROWS = 100_000;
const POOL_SIZE = 2;
// Workers keep the process alive: an idle pool is closed after this long (and by Catalog.close()).
const IDLE_CLOSE_MS = 1500;

export const encodeInThread: EncodeFn = async (bars, opts) => encodeParquet(bars, opts);

/**
 * Encodes the partitions of large, multi-partition writes in parallel worker threads (parquet-wasm
 * zstd is the bulk of a write's time). Same encodeParquet and writer properties as in-thread, so
 * the bytes are identical; falls back to in-thread when the worker bundle is not built.
 */
export class PartitionEncoder {
  private readonly workers: IdlePool<EncodeRequest, EncodedPartition>;
  /** Partitions encoded in a worker since this encoder was made (tests check the path taken). */
  workerEncodes = 0;

  /** How many partitions may be encoding at once: in-thread encodes one at a time. */
  readonly parallelism: number;

  private readonly coldMinRows: number;

  /**
   * `coldMinRows` overrides WORKER_ENCODE_MIN_ROWS (tests use smaller batches); `idleCloseMs` how
   * long idle workers are kept (an owner that closes the encoder itself keeps them for its run);
   * `threads` at most are started.
   */
  constructor({
    coldMinRows = WORKER_ENCODE_MIN_ROWS,
    idleCloseMs = IDLE_CLOSE_MS,
    threads = POOL_SIZE,
  }: { coldMinRows?: number; idleCloseMs?: number; threads?: number } = {}) {
    this.coldMinRows = coldMinRows;
    this.workers = bundledIdlePool('encode', threads, idleCloseMs);
    this.parallelism = threads + 1;
  }

  /** The worker-backed encoder for a write of `rows` rows into `partitions` files, or undefined. */
  forWrite(rows: number, partitions: number): EncodeFn | undefined {
    const minRows = this.workers.running ? Math.min(WARM_POOL_MIN_ROWS, this.coldMinRows) : this.coldMinRows;
    if (rows < minRows || partitions < 2) return undefined;
    if (!this.workers.get()) return undefined;
    // Restart the idle clock; a pool closed meanwhile is simply started again by the next encode.
    this.workers.closeWhenIdle();
    return (bars, opts) => this.encodeIn(bars, opts);
  }

  private encodeIn(bars: BarBatch, opts: EncodeOptions): Promise<EncodedPartition> {
    return this.workers.use(
      async (pool) => {
        // Partition slices are views of the caller's batch: move copies, never the caller's buffers.
        const copy: BarBatch = { ...bars };
        const transfer: ArrayBuffer[] = [];
        for (const c of BAR_COLUMNS) {
          const col = bars[c];
          if (!col) continue;
          const own = col.slice();
          copy[c] = own;
          transfer.push(own.buffer as ArrayBuffer);
        }
        const out = await pool.call({ bars: copy, opts }, { transfer });
        this.workerEncodes++;
        return out;
      },
      () => encodeInThread(bars, opts),
    );
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
