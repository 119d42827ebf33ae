import { existsSync } from 'node:fs';
import type { ImportOverrides } from '../../src-shared/domain/import';
import type { ReadFileRequest } from '../workers/import.worker';
import { workerFile } from '../workers/locate';
import { WorkerPool } from '../workers/pool';
import { type FileRead, type ReadOptions, type ReadProgress, readFileBars } from './read-file';
import { hashFile } from './registry';

/** Reads files through (parse + validate): in worker threads, or on this thread. */
export interface FileReader {
  read(file: string, overrides: ImportOverrides, opts: ReadOptions): Promise<FileRead>;
  close(): Promise<void>;
}

export function inProcessReader(): FileReader {
  return { read: (file, overrides, opts) => readFileBars(file, overrides, opts), close: async () => {} };
}

/** Two worker threads (the machine has two cores); falls back to this thread when not built. */
export function workerReader(size = 2): FileReader {
  let file: string;
  try {
    file = workerFile('import');
  } catch {
    return inProcessReader();
  }
  if (!existsSync(file)) return inProcessReader();
  const pool = new WorkerPool<ReadFileRequest, FileRead, ReadProgress>(file, size);
  return {
    // The calling thread is idle while a worker parses: it hashes the same bytes meanwhile.
    read: async (f, overrides, opts) => {
      const [read, sha256] = await Promise.all([
        pool.call({ file: f, overrides, hash: false }, { signal: opts.signal, onProgress: opts.onProgress }),
        hashFile(f, opts.signal),
      ]);
      return { ...read, sha256 };
    },
    close: () => pool.close(),
  };
}
