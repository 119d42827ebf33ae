import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type { Table } from 'apache-arrow';
import { IdlePool } from '../../../plumbing/workers/idle-pool';
import { builtWorkerFile } from '../../../plumbing/workers/locate';
import { WorkerPool } from '../../../plumbing/workers/pool';
import { batchToArrow } from '../parquet/arrow';
import { arrowLib, parquetWasmLoaded } from '../parquet/libs';
import { readPartitionAsTable, readPartitionAsTableJs } from '../partition-io';
import type { DecodedForTransfer, PartitionRead } from './partition-read';

/** The partitions of one read, sent to every worker; they claim them one at a time. */
export interface DecodeRequest {
  reads: PartitionRead[];
  /** One Int32 shared by the reader and its workers: the index of the next unclaimed partition. */
  next: SharedArrayBuffer;
}

/**
 * A partition a worker decoded (its bars' columns or IPC stream bytes, moved not copied), or only
 * its index if it failed.
 */
export interface DecodedPartition {
  index: number;
  decoded?: DecodedForTransfer;
}

/** Reads partitions into Arrow tables, in the order given; `rows` is how many rows they hold. */
export type PartitionReader = (reads: PartitionRead[], rows: number) => Promise<Table[]>;

export const readInThread: PartitionReader = async (reads) => {
  const tables: Table[] = [];
  for (const r of reads) tables.push(await readPartitionAsTable(r));
  return tables;
};

/**
 * A reader that tells which reads it would decode on this thread alone, so a caller may decode
 * those its own way (tick files straight into columns) and the rest through `read`.
 */
export interface SharedReader {
  read: PartitionReader;
  decodesHere(reads: PartitionRead[], rows: number): boolean;
  /** Called after a read decoded on this thread: a large one starts the workers for the reads after it. */
  decodedHere(reads: PartitionRead[], rows: number): void;
}

/** Every read on this thread. */
export const inThreadReader: SharedReader = {
  read: readInThread,
  decodesHere: () => true,
  decodedHere: () => {},
};

/**
 * A catalog's bars (PartitionRead.bars) are decoded in JavaScript at any size: in a process that
 * has not yet run parquet-wasm's decode, compiling it costs more than hyparquet with zstd's small
 * wasm decoder spends on a year, and once both are warm they decode a year in about the same CPU
 * (docs/performance.md, "Cold reads"). Anything else (ticks, a foreign file) goes to parquet-wasm.
 */
async function readOne(read: PartitionRead): Promise<Table> {
  return (read.bars && (await readPartitionAsTableJs(read))) || readPartitionAsTable(read);
}

const readHere: PartitionReader = async (reads) => {
  const tables: Table[] = [];
  for (const r of reads) tables.push(await readOne(r));
  return tables;
};

/** The table of what a worker sent. */
function tableOf(decoded: DecodedForTransfer): Table {
  return 'ipc' in decoded
    ? arrowLib().tableFromIPC(decoded.ipc)
    : batchToArrow(decoded.bars, decoded.columns);
}

/**
 * Rows up to which a process that has not loaded parquet-wasm (a one-shot `barcat query`) decodes
 * a read straight into one BarBatch on this thread, with no Arrow table, worker or cache
 * (queryBarsBatch). Larger reads, and every read of a process that uses parquet-wasm (the app),
 * go through the catalog's reader: its cache and workers.
 */
export const JS_READ_MAX_ROWS = 50_000;

/** Whether a read of `rows` rows decodes straight into a batch (see JS_READ_MAX_ROWS). */
export function decodesInJs(rows: number): boolean {
  return rows <= JS_READ_MAX_ROWS && !parquetWasmLoaded();
}

/**
 * Rows from which a read of two or more partitions decodes in workers too. Below, message and
 * scheduling overhead eats the gain (a one-day read is one partition and always stays in-thread).
 */
export const PARALLEL_READ_MIN_ROWS = 50_000;
// Threads = cores: the calling thread and one worker per further core, at most 3 (1 on the 2-core
// target, where a second worker measured no faster in quiet moments: 3 threads time-slice 2 cores).
const POOL_SIZE = Math.min(3, Math.max(1, availableParallelism() - 1));
// Idle workers are unref'd (they never keep a process alive); the pool is closed after this long.
const IDLE_CLOSE_MS = 60_000;
const START_DELAY_MS = 50;

export interface DecoderOptions {
  /** Overrides PARALLEL_READ_MIN_ROWS (tests use small series). */
  minRows?: number;
  /** false leaves every partition to the workers (tests use it to pin the path taken). */
  callerDecodes?: boolean;
}

/**
 * Decodes the partitions of large reads on the calling thread and worker threads at once
 * (zstd decoding is most of a read's time). All of them claim partitions from one shared counter,
 * so a slow or busy worker never holds up the others. Workers send bars' columns (or Arrow IPC
 * bytes of a file parquet-wasm decoded) back as transferred buffers; the reader makes tables of them.
 * On the main thread the pool starts with the first large read of bars; in a worker thread (a job),
 * and for a caller's tick reads, that read stays on its thread and the pool starts after it. The
 * pool closes after a minute idle; without the worker bundle every read is in-thread.
 */
export class PartitionDecoder implements SharedReader {
  private readonly pool = new IdlePool(() => this.openPool(), IDLE_CLOSE_MS);
  private startTimer: NodeJS.Timeout | undefined;
  /** Settled once the pool has been started (by a large read, or after a caller's, see decodedHere). */
  private readonly started = deferred<void>();
  /** The worker bundle is not there: every read stays in-thread. */
  private noWorkers = false;
  /** Partitions decoded in a worker since this decoder was made (tests check the path taken). */
  workerDecodes = 0;

  private readonly minRows: number;
  private readonly callerDecodes: boolean;
  private readonly workers = POOL_SIZE;

  constructor(opts: DecoderOptions = {}) {
    this.minRows = opts.minRows ?? PARALLEL_READ_MIN_ROWS;
    this.callerDecodes = opts.callerDecodes ?? true;
  }

  /**
   * A large read shares its partitions with the workers from the first one on: the pool starts with
   * it and a worker claims what is left once it has loaded (~70 ms), so the worker warms up during
   * this read instead of the next (docs/performance.md, "Cold reads").
   */
  readonly read: PartitionReader = async (reads, rows) => {
    if (!this.large(reads, rows)) return readHere(reads, rows);
    // A worker thread's job is short and its cores busy: its first large read stays here, as a tick read's does.
    if (!isMainThread && this.decodesHere(reads, rows)) {
      const tables = await readHere(reads, rows);
      this.decodedHere(reads, rows);
      return tables;
    }
    return this.pool.use(
      (pool) => {
        this.started.resolve();
        return this.readShared(pool, reads);
      },
      () => readHere(reads, rows),
    );
  };

  private large(reads: PartitionRead[], rows: number): boolean {
    return reads.length >= 2 && rows >= this.minRows;
  }

  /**
   * Whether a read stays on this thread: a small one, or the first large one of a caller's tick read
   * (a worker decodes tick files with parquet-wasm, whose 5 MB module it would compile first) or of
   * any read in a worker thread (see decodedHere).
   */
  decodesHere(reads: PartitionRead[], rows: number): boolean {
    return !this.large(reads, rows) || (!this.pool.running && this.callerDecodes);
  }

  /** After a caller's read decoded on this thread: a large one starts the pool after it, for the reads that follow. */
  decodedHere(reads: PartitionRead[], rows: number): void {
    if (this.large(reads, rows)) this.startSoon(reads[0]!);
  }

  private async readShared(
    pool: WorkerPool<DecodeRequest, null, DecodedPartition>,
    reads: PartitionRead[],
  ): Promise<Table[]> {
    const n = reads.length;
    const next = new SharedArrayBuffer(4);
    const counter = new Int32Array(next);
    const arrived = reads.map(() => deferred<DecodedForTransfer | undefined>());
    const calls = Array.from({ length: this.workers }, () =>
      pool.call({ reads, next }, { onProgress: (d) => arrived[d.index]?.resolve(d.decoded) }),
    );
    // Every call settles (a dead worker's is rejected): a partition its worker claimed but never
    // sent is then read here. allSettled also keeps the calls' rejections handled.
    const settled = Promise.allSettled(calls).then(() => undefined);
    const tables: Table[] = new Array(n);
    const mine = new Set<number>();
    try {
      while (this.callerDecodes) {
        const i = Atomics.add(counter, 0, 1);
        if (i >= n) break;
        mine.add(i);
        tables[i] = await readOne(reads[i]!);
      }
      for (let i = 0; i < n; i++) {
        if (mine.has(i)) continue;
        const decoded = await Promise.race([arrived[i]!.promise, settled]);
        if (decoded) this.workerDecodes++;
        // A partition a worker could not decode is read here: its error keeps its usual meaning.
        tables[i] = decoded ? tableOf(decoded) : await readOne(reads[i]!);
      }
      return tables;
    } finally {
      // On an error, workers stop claiming what nobody will use.
      Atomics.store(counter, 0, n);
    }
  }

  /** Starts the pool a moment later (a caller that closes right after its read never starts it). */
  private startSoon(sample: PartitionRead): void {
    if (this.startTimer || this.noWorkers) return;
    this.startTimer = setTimeout(() => {
      this.startTimer = undefined;
      const pool = this.pool.get();
      if (!pool) return;
      // Nothing to claim: each worker only warms its decoder up on the sample.
      const next = new SharedArrayBuffer(4);
      Atomics.store(new Int32Array(next), 0, 1);
      for (let i = 0; i < this.workers; i++) pool.call({ reads: [sample], next }).catch(() => undefined);
      this.pool.closeWhenIdle();
      this.started.resolve();
    }, START_DELAY_MS);
    this.startTimer.unref();
  }

  private openPool(): WorkerPool<DecodeRequest, null, DecodedPartition> | undefined {
    if (this.noWorkers) return undefined;
    const file = builtWorkerFile('decode');
    if (!file) {
      this.noWorkers = true;
      return undefined;
    }
    return new WorkerPool<DecodeRequest, null, DecodedPartition>(file, this.workers, { unrefIdle: true });
  }

  /** Resolves once the decode workers were started (tests wait on it, not on time). */
  whenPoolStarted(): Promise<void> {
    return this.started.promise;
  }

  async close(): Promise<void> {
    clearTimeout(this.startTimer);
    this.startTimer = undefined;
    await this.pool.close();
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
