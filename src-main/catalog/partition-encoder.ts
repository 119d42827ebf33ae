import { existsSync } from 'node:fs';
import { workerFile } from '../workers/locate';
import { WorkerPool } from '../workers/pool';
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
  private pool: WorkerPool<EncodeRequest, EncodedPartition> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  /** Partitions encoded in a worker since this encoder was made (tests check the path taken). */
  workerEncodes = 0;

  /** How many partitions may be encoding at once: in-thread encodes one at a time. */
  readonly parallelism = POOL_SIZE + 1;

  /** `coldMinRows` overrides WORKER_ENCODE_MIN_ROWS (tests use smaller batches). */
  constructor(private readonly coldMinRows = WORKER_ENCODE_MIN_ROWS) {}

  /** The worker-backed encoder for a write of `rows` rows into `partitions` files, or undefined. */
  forWrite(rows: number, partitions: number): EncodeFn | undefined {
    const minRows = this.pool ? Math.min(WARM_POOL_MIN_ROWS, this.coldMinRows) : this.coldMinRows;
    if (rows < minRows || partitions < 2) return undefined;
    if (!this.ensurePool()) return undefined;
    // Restart the idle clock; a pool closed meanwhile is simply started again by the next encode.
    this.scheduleIdleClose();
    return (bars, opts) => this.encodeIn(bars, opts);
  }

  private ensurePool(): WorkerPool<EncodeRequest, EncodedPartition> | undefined {
    if (this.pool) return this.pool;
    let file: string;
    try {
      file = workerFile('encode');
    } catch {
      return undefined;
    }
    // BARCAT_WORKER_DIR names a folder without checking it: a missing file also means in-thread.
    if (!existsSync(file)) return undefined;
    this.pool = new WorkerPool<EncodeRequest, EncodedPartition>(file, POOL_SIZE);
    return this.pool;
  }

  private async encodeIn(bars: BarBatch, opts: EncodeOptions): Promise<EncodedPartition> {
    const pool = this.ensurePool();
    if (!pool) return encodeInThread(bars, opts);
    // Partition slices are views of the caller's batch: move copies, never the caller's buffers.
    const copy: BarBatch = { ...bars };
    const transfer: ArrayBuffer[] = [];
    for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const) {
      const col = bars[c];
      if (!col) continue;
      const own = col.slice();
      copy[c] = own;
      transfer.push(own.buffer as ArrayBuffer);
    }
    clearTimeout(this.idleTimer);
    this.inFlight++;
    try {
      const out = await pool.call({ bars: copy, opts }, { transfer });
      this.workerEncodes++;
      return out;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.scheduleIdleClose();
    }
  }

  private scheduleIdleClose(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const pool = this.pool;
      if (!pool || this.inFlight > 0) return;
      this.pool = undefined;
      pool.close().catch(() => undefined);
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }
}
