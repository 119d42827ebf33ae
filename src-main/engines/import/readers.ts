import type { ImportOverrides } from '../../../src-shared/domain/import';
import { bundledIdlePool } from '../../plumbing/workers/idle-pool';
import type { WorkerPool } from '../../plumbing/workers/pool';
import { batchBuffers, type StagedPartition } from '../catalog/index';
import { hashFile } from './files/registry';
import { type FileRead, type ReadOptions, type ReadProgress, readFileBars } from './read/read-file';
import type { StageBarsRequest, StagedRange, StageRangeRequest } from './session/range-stage';
import {
  readTickFile,
  type TickBarsHandOver,
  type TickReadRequest,
  type TickReadResult,
} from './ticks/tick-stream';
import type { ImportWorkerProgress, ImportWorkerRequest, ImportWorkerResult } from './worker-messages';

/** Reads files through (parse + validate): in worker threads, or on this thread. */
export interface FileReader {
  read(file: string, overrides: ImportOverrides, opts: ReadOptions): Promise<FileRead>;
  /** Streams one byte range into staged partitions (worker readers only; see pipeline.ts). */
  stageRange?(
    req: StageRangeRequest,
    opts: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void },
  ): Promise<StagedRange>;
  /** Encodes and stages one partition's bars (moved, not copied, to the worker). */
  stageBars?(req: StageBarsRequest): Promise<StagedPartition>;
  /** Reads one tick file through under its plan, staging its days (see ticks/tick-stream.ts). */
  readTicks(
    req: TickReadRequest,
    opts: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void; onBars?: TickBarsHandOver },
  ): Promise<TickReadResult>;
  /** Threads reading at once (the streaming import cuts a file into this many ranges). */
  readonly parallelism: number;
  close(): Promise<void>;
}

export function inProcessReader(): FileReader {
  return {
    read: (file, overrides, opts) => readFileBars(file, overrides, opts),
    readTicks: (req, opts) => readTickFile(req, opts),
    parallelism: 1,
    close: async () => {},
  };
}

type ImportPool = WorkerPool<ImportWorkerRequest, ImportWorkerResult, ImportWorkerProgress>;

/** A worker's reports split to their takers: read progress, and a tick read's bars by partition. */
function reports(opts: {
  onProgress?: (p: ReadProgress) => void;
  onBars?: TickBarsHandOver;
}): (p: ImportWorkerProgress) => void {
  return (p) => ('tickBars' in p ? opts.onBars?.(p.tickBars, p.volume) : opts.onProgress?.(p));
}

/** Two worker threads (the machine has two cores). */
const POOL_SIZE = 2;
// The workers outlive one import: the app's next import, or the one its dialog is previewing, finds
// them started (each loads its bundle and parquet-wasm: ~0.3 s of two cores). Idle, they never keep
// a process alive.
const IDLE_CLOSE_MS = 60_000;
const shared = bundledIdlePool<ImportWorkerRequest, ImportWorkerResult, ImportWorkerProgress>(
  'import',
  POOL_SIZE,
  IDLE_CLOSE_MS,
  { unrefIdle: true },
);

/**
 * Starts the import workers ahead of an import; with `parquet`, each also loads parquet-wasm, which
 * a streamed import needs and a plain read does not. The app does both when files are dropped for
 * the preview. (Started as calls come, one small file starts one worker: the CLI's way; starting
 * both threads at its start measured no faster for a big file and 50 ms slower for a small one.)
 */
export function warmImportWorkers(opts: { parquet?: boolean } = {}): void {
  const pool = shared.get();
  if (!pool) return;
  pool.start();
  // Both slots are idle after start(): each call goes to its own worker.
  if (opts.parquet) for (let i = 0; i < POOL_SIZE; i++) pool.call({ kind: 'warm' }).catch(() => undefined);
  shared.closeWhenIdle();
}

/** Thread ids of the import workers running now (tests check which workers did an import). */
export function importWorkerThreads(): number[] {
  return shared.running ? (shared.get()?.threadIds ?? []) : [];
}

/** Stops the import workers now (tests; an app closing its catalog need not). */
export function closeImportWorkers(): Promise<void> {
  return shared.close();
}

/** The shared import workers; falls back to this thread when the worker bundle is not built. */
export function workerReader(): FileReader {
  if (!shared.get()) return inProcessReader();
  // A pool closed when idle in the middle of a long session is started again by the next call.
  const onPool = <T>(work: (pool: ImportPool) => Promise<T>): Promise<T> =>
    shared.use(work, () => Promise.reject(new Error('the import workers could not be started')));
  return {
    // The calling thread is idle while a worker parses: it hashes the same bytes meanwhile.
    read: async (f, overrides, opts) => {
      const [read, sha256] = await Promise.all([
        onPool((pool) =>
          pool.call({ file: f, overrides, hash: false }, { signal: opts.signal, onProgress: reports(opts) }),
        ),
        hashFile(f, opts.signal),
      ]);
      return { ...(read as FileRead), sha256 };
    },
    stageRange: async (req, opts) =>
      (await onPool((pool) =>
        pool.call(req, { signal: opts.signal, onProgress: reports(opts) }),
      )) as StagedRange,
    // A whole file is hashed here while a worker parses it; a range's caller hashes the file once.
    readTicks: async (req, opts) => {
      const call = onPool((pool) =>
        pool.call({ ...req, hash: false }, { signal: opts.signal, onProgress: reports(opts) }),
      ) as Promise<TickReadResult>;
      if (req.range) return call;
      // Both settle first: no worker may still be staging when the caller discards the area.
      const [read, sha256] = await Promise.allSettled([call, hashFile(req.file, opts.signal)]);
      if (read.status === 'rejected') throw read.reason;
      if (sha256.status === 'rejected') throw sha256.reason;
      return { ...read.value, sha256: sha256.value };
    },
    stageBars: async (req) =>
      (await onPool((pool) => pool.call(req, { transfer: batchBuffers(req.bars) }))) as StagedPartition,
    parallelism: POOL_SIZE,
    // The workers stay for the next import; their idle clock starts over.
    close: async () => shared.closeWhenIdle(),
  };
}
