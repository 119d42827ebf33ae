// Worker entry: reads and validates one CSV file, or streams one byte range of a large file into
// staged partitions, off the main thread (see src-main/import).
import type { ImportOverrides } from '../../src-shared/domain/import';
import { loadParquetLibs, type StagedPartition } from '../catalog/index';
import {
  type StageBarsRequest,
  type StagedRange,
  type StageRangeRequest,
  stageBars,
  stageRange,
} from '../import/range-stage';
import { type FileRead, type ReadProgress, readFileBars } from '../import/read-file';
import { serveWorker } from './serve';

// Loaded as the worker starts, so a pool started ahead of an import is ready when its files come;
// a failure shows again, with its reason, when a call needs the libraries.
loadParquetLibs().catch(() => undefined);

export interface ReadFileRequest {
  kind?: 'read';
  file: string;
  overrides: ImportOverrides;
  /** Hash while reading; the pool's caller hashes on its own thread in parallel instead. */
  hash: boolean;
}

/** Loads parquet-wasm ahead of a streamed import (a plain read never needs it). */
export interface WarmRequest {
  kind: 'warm';
}

export type ImportWorkerRequest = ReadFileRequest | StageRangeRequest | StageBarsRequest | WarmRequest;
export type ImportWorkerResult = FileRead | StagedRange | StagedPartition | null;

serveWorker<ImportWorkerRequest, ImportWorkerResult, ReadProgress>(async (req, ctx) => {
  if (req.kind === 'warm') {
    await loadParquetLibs();
    return { result: null };
  }
  if (req.kind === 'stage-bars') return { result: await stageBars(req) };
  if (req.kind === 'stage') {
    const staged = await stageRange(req, { signal: ctx.signal, onProgress: ctx.progress });
    const transfer: ArrayBuffer[] = [];
    for (const e of staged.edges)
      for (const a of [
        e.civil,
        e.offsetMin,
        e.open,
        e.high,
        e.low,
        e.close,
        e.volume,
        e.trades,
        e.vwap,
        e.line,
      ])
        if (a) transfer.push(a.buffer as ArrayBuffer);
    return { result: staged, transfer };
  }
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
