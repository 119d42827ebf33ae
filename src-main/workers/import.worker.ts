// Worker entry: reads and validates one CSV file off the main thread (see src-main/import).
import type { ImportOverrides } from '../../src-shared/domain/import';
import { type FileRead, type ReadProgress, readFileBars } from '../import/read-file';
import { serveWorker } from './serve';

export interface ReadFileRequest {
  file: string;
  overrides: ImportOverrides;
  /** Hash while reading; the pool's caller hashes on its own thread in parallel instead. */
  hash: boolean;
}

serveWorker<ReadFileRequest, FileRead, ReadProgress>(async (req, ctx) => {
  const read = await readFileBars(req.file, req.overrides, {
    signal: ctx.signal,
    onProgress: ctx.progress,
    hash: req.hash,
  });
  const b = read.result?.batch;
  const transfer: ArrayBuffer[] = [];
  if (b) {
    for (const a of [b.ts, b.open, b.high, b.low, b.close, b.volume, b.trades, b.vwap])
      if (a) transfer.push(a.buffer as ArrayBuffer);
  }
  return { result: read, transfer };
});
