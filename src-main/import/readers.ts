import type { ImportOverrides } from '../../src-shared/domain/import';
import type { StagedPartition } from '../catalog/staging';
import type { ImportWorkerRequest, ImportWorkerResult } from '../workers/import.worker';
import { builtWorkerFile } from '../workers/locate';
import { WorkerPool } from '../workers/pool';
import type { StageBarsRequest, StagedRange, StageRangeRequest } from './range-stage';
import { type FileRead, type ReadOptions, type ReadProgress, readFileBars } from './read-file';
import { hashFile } from './registry';

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
  /** Threads reading at once (the streaming import cuts a file into this many ranges). */
  readonly parallelism: number;
  close(): Promise<void>;
}

export function inProcessReader(): FileReader {
  return {
    read: (file, overrides, opts) => readFileBars(file, overrides, opts),
    parallelism: 1,
    close: async () => {},
  };
}

/** Two worker threads (the machine has two cores); falls back to this thread when not built. */
export function workerReader(size = 2): FileReader {
  const file = builtWorkerFile('import');
  if (!file) return inProcessReader();
  const pool = new WorkerPool<ImportWorkerRequest, ImportWorkerResult, ReadProgress>(file, size);
  return {
    // The calling thread is idle while a worker parses: it hashes the same bytes meanwhile.
    read: async (f, overrides, opts) => {
      const [read, sha256] = await Promise.all([
        pool.call({ file: f, overrides, hash: false }, { signal: opts.signal, onProgress: opts.onProgress }),
        hashFile(f, opts.signal),
      ]);
      return { ...(read as FileRead), sha256 };
    },
    stageRange: async (req, opts) => (await pool.call(req, opts)) as StagedRange,
    stageBars: async (req) => {
      const b = req.bars;
      const transfer = [b.ts, b.open, b.high, b.low, b.close, b.volume, b.trades, b.vwap]
        .filter((a): a is Float64Array => a !== undefined)
        .map((a) => a.buffer as ArrayBuffer);
      return (await pool.call(req, { transfer: [...new Set(transfer)] })) as StagedPartition;
    },
    parallelism: size,
    close: () => pool.close(),
  };
}
