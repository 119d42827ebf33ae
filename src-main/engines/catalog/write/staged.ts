import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { lowerBound } from '../batch';
import { writeNewFileSynced } from '../disk/fsutil';
import { partitionBounds, partitionKeyOf, partitionScheme } from '../disk/layout';
import { type EncodeFn, encodeInThread, PartitionEncoder } from '../partition-encoder';
import type { BarBatch, StagingCatalog, WriteOptions, WriteResult } from '../types';
import { splitByPartition } from './merge-plan';
import {
  encodeStaged,
  encodeStagedWith,
  removeStagingDir,
  type StagedPartition,
  type StagingArea,
} from './staging';

/**
 * The staged-write API a bulk writer (the streaming CSV import) uses, so it never handles catalog
 * files itself: Catalog.stagingArea() makes the area, stagePartition encodes partitions into it (in
 * any thread), Catalog.writeStaged merges them with existing bars and commits atomically, and
 * discardStagingArea removes the area whether or not it was committed. The catalog's sweep removes
 * areas of processes that died in between (staging.ts).
 */
export type { StagedPartition, StagingArea } from './staging';

/** How the catalog cuts one timeframe's bars into partitions: a staged writer stages exactly these. */
export interface PartitionCuts {
  keyOf(ts: number): string;
  /** Where the partition holding ts ends (exclusive). */
  endOf(ts: number): number;
  /** Index of the first of the ascending times ts[0, n) (n > 0) in the partition of ts[n - 1]. */
  startOfLast(ts: Float64Array, n: number): number;
  /** Index ranges [start, end) of ascending times per partition, in order. */
  split(ts: Float64Array): { key: string; start: number; end: number }[];
}

export function partitionCuts(timeframe: Timeframe): PartitionCuts {
  const scheme = partitionScheme(timeframe);
  const keyOf = (t: number) => partitionKeyOf(t, scheme);
  return {
    keyOf,
    endOf: (ts) => partitionBounds(keyOf(ts)).to,
    startOfLast: (ts, n) => lowerBound(ts, partitionBounds(keyOf(ts[n - 1] as number)).from, 0, n),
    split: (ts) => splitByPartition(ts, keyOf, partitionBounds),
  };
}

/**
 * Encodes one partition of sorted, unique bars into the area now (the caller may reuse the arrays
 * afterwards) and writes its file; `written` settles once the file is fsynced. Every file must have
 * settled before the area is committed or discarded.
 */
export function stagePartition(
  area: StagingArea,
  key: SeriesKey,
  partKey: string,
  bars: BarBatch,
): { entry: StagedPartition; written: Promise<void> } {
  const { entry, bytes } = encodeStaged(area, key, partKey, bars);
  return { entry, written: writeNewFileSynced(entry.path, bytes) };
}

/**
 * As stagePartition, encoded in the encoder's worker threads (the caller may reuse its arrays: the
 * workers get copies); resolves with the entry once the file is written and fsynced.
 */
export async function stagePartitionInWorkers(
  encoder: StagingEncoder,
  area: StagingArea,
  key: SeriesKey,
  partKey: string,
  bars: BarBatch,
): Promise<StagedPartition> {
  const { entry, bytes } = await encodeStagedWith(encoder.encode, area, key, partKey, bars);
  await writeNewFileSynced(entry.path, bytes);
  return entry;
}

/** Worker threads that encode staged partitions, for a writer that stages many (tick bars, engines/databases). */
export interface StagingEncoder {
  encode: EncodeFn;
  close(): Promise<void>;
}

/**
 * Idle encode workers of a staging encoder are kept this long: a staged writer hands partitions over
 * seconds apart (a month of ticks read), and restarting a worker (loading parquet-wasm) each time
 * costs more than an encode. Its owner closes it at its end.
 */
const STAGING_IDLE_CLOSE_MS = 60_000;

/**
 * A pool of `threads` encode workers (in-thread when the worker bundle is not built); close it when
 * done.
 */
export function stagingEncoder(threads = 2): StagingEncoder {
  const pool = new PartitionEncoder({ coldMinRows: 0, idleCloseMs: STAGING_IDLE_CLOSE_MS, threads });
  return {
    encode: (bars, opts) => (pool.forWrite(Number.POSITIVE_INFINITY, 2) ?? encodeInThread)(bars, opts),
    close: () => pool.close(),
  };
}

/** Removes a staging area and everything still in it (after its commit, or instead of one). */
export function discardStagingArea(area: StagingArea): Promise<void> {
  return removeStagingDir(area.dir);
}

/**
 * One series' staged partitions for one writeStaged (tick bars, database migration); the area is
 * removed only once every file has settled.
 */
export class StagedSeries {
  private readonly parts: Promise<StagedPartition>[] = [];

  constructor(
    private readonly catalog: StagingCatalog,
    readonly key: SeriesKey,
    private readonly area: StagingArea,
  ) {}

  /** Stages one partition of sorted, unique bars, encoded by the encoder's workers. */
  stage(partKey: string, bars: BarBatch, encoder: StagingEncoder): Promise<StagedPartition> {
    const entry = stagePartitionInWorkers(encoder, this.area, this.key, partKey, bars);
    // A failure is seen by commit (or by the caller holding the promise), never unhandled.
    entry.catch(() => undefined);
    this.parts.push(entry);
    return entry;
  }

  /** Waits for every staged file to be written and fsynced, failed or not. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.parts);
  }

  /** Commits every staged partition in key order in one catalog write; throws the first failed file. */
  async commit(mode: ConflictMode, opts: WriteOptions): Promise<WriteResult> {
    const parts = (await Promise.all(this.parts)).sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    return this.catalog.writeStaged(this.key, parts, mode, opts);
  }

  /** Removes the area, committed or not, once every file written into it has settled. */
  async discard(): Promise<void> {
    await this.settled();
    await discardStagingArea(this.area);
  }
}
