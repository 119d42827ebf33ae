// What the import worker thread is asked and answers; the worker entry and the readers share them.
import type { ImportOverrides } from '../../../src-shared/domain/import';
import type { TickVolume } from '../../../src-shared/domain/ticks';
import type { BarBatch, StagedPartition } from '../catalog/index';
import type { FileRead, ReadProgress } from './read/read-file';
import type { StageBarsRequest, StagedRange, StageRangeRequest } from './session/range-stage';
import type { TickReadRequest, TickReadResult } from './ticks/tick-stream';

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

export type ImportWorkerRequest =
  | ReadFileRequest
  | StageRangeRequest
  | StageBarsRequest
  | WarmRequest
  | TickReadRequest;
export type ImportWorkerResult = FileRead | StagedRange | StagedPartition | TickReadResult | null;

/** A complete partition of a tick read's bars (moved, not copied, from the worker as it is built). */
export interface TickBarsPart {
  tickBars: BarBatch;
  volume: TickVolume;
}

/** What a worker reports during a call: how far it read, or a tick read's bars of one partition. */
export type ImportWorkerProgress = ReadProgress | TickBarsPart;
