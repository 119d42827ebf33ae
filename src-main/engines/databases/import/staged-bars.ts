import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import {
  type BarBatch,
  concatBatches,
  loadParquetLibs,
  type PartitionCuts,
  partitionCuts,
  type StagedPartition,
  StagedSeries,
  type StagingCatalog,
  type StagingEncoder,
  sliceBatch,
  sortedUnique,
  stagingEncoder,
  type WriteResult,
} from '../../catalog/index';

/** A migration's written counts, summed over its commits. */
export type WriteCounts = Omit<WriteResult, 'partitionsWritten'> & { partitionsWritten: number };

export function noWrites(): WriteCounts {
  return { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
}

/** Adds one commit's counts to the sum (per series within a commit, and over a run's commits). */
export function addWrites(sum: WriteCounts, r: WriteCounts): void {
  sum.added += r.added;
  sum.replaced += r.replaced;
  sum.removed += r.removed;
  sum.skipped += r.skipped;
  sum.partitionsWritten += r.partitionsWritten;
}

/** Partitions encoding or being written at once (each up to a month of 1m bars: about 3 MB of columns). */
const MAX_IN_FLIGHT = 6;

interface SeriesStage {
  key: SeriesKey;
  cuts: PartitionCuts;
  /**
   * Complete partitions going into the staging area (encoding in workers, then written), keys
   * ascending; staged files are named by partition: one area per series, made at its first partition.
   */
  staged: StagedSeries | null;
  /** The key of the last of them. */
  lastKey: string | null;
  /** The series' last (still open) partition, in memory: the next rows may continue it. */
  tail: BarBatch | null;
}

/**
 * A migration's bars between two commits. Rows come ordered by time, so each series' partitions
 * complete one after another: complete ones are encoded into the catalog's staging area at once
 * (their fsyncs overlap the reading), the open one waits in memory. A commit moves every series'
 * staged files into place with one catalog commit per series, instead of one per series per read
 * step, and no partition is written twice between commits.
 */
export class StagedBars {
  private readonly series = new Map<string, SeriesStage>();
  /** Partitions being encoded and written, oldest first. */
  private writes: Promise<StagedPartition>[] = [];
  private readonly encoder: StagingEncoder = stagingEncoder();
  /** Rows held in the open partitions (memory). */
  tailRows = 0;

  constructor(private readonly catalog: StagingCatalog) {}

  /**
   * Stages a step's bars (per series, in source order). False, with nothing staged, when a series'
   * bars reach back before a partition staged already (times out of order across steps): commit first.
   */
  async stage(batches: readonly { id: string; key: SeriesKey; batch: BarBatch }[]): Promise<boolean> {
    const plans = batches.map(({ id, key, batch }) => {
      const s = this.series.get(id) ?? {
        key,
        cuts: partitionCuts(key.timeframe),
        staged: null,
        lastKey: null,
        tail: null,
      };
      const bars = sortedUnique(s.tail ? concatBatches([s.tail, batch]) : batch);
      return { id, s, bars, parts: s.cuts.split(bars.ts) };
    });
    for (const { s, parts } of plans) {
      if (s.lastKey !== null && parts[0] && parts[0].key <= s.lastKey) return false;
    }
    for (const { id, s, bars, parts } of plans) {
      this.series.set(id, s);
      this.tailRows -= s.tail?.length ?? 0;
      const open = parts.pop();
      s.tail = open ? sliceBatch(bars, open.start, open.end) : null;
      this.tailRows += s.tail?.length ?? 0;
      for (const p of parts) await this.put(s, p.key, sliceBatch(bars, p.start, p.end));
    }
    return true;
  }

  /**
   * Stages the open partitions too and commits every series through the catalog's staged write
   * (its modes, history and crash safety); returns the summed counts. The area is removed after.
   */
  async commit(mode: ConflictMode, opts: { source: string; signal?: AbortSignal }): Promise<WriteCounts> {
    const sum = noWrites();
    try {
      for (const s of this.series.values())
        if (s.tail) {
          const tail = s.tail;
          s.tail = null;
          await this.put(s, s.cuts.keyOf(tail.ts[0] as number), tail);
        }
      await this.settle();
      // A series with nothing staged has nothing to commit (writeStaged of no parts writes nothing).
      for (const s of this.series.values()) if (s.staged) addWrites(sum, await s.staged.commit(mode, opts));
    } finally {
      await this.discard();
    }
    return sum;
  }

  /** Drops everything staged (after a commit, a failure or a cancel): the catalog is untouched by it. */
  async discard(): Promise<void> {
    await this.settle().catch(() => undefined);
    const staged = [...this.series.values()].flatMap((s) => (s.staged ? [s.staged] : []));
    this.series.clear();
    this.tailRows = 0;
    for (const s of staged) await s.discard();
  }

  /** Discards what is staged and stops the encode workers: the migration is over. */
  async close(): Promise<void> {
    await this.discard();
    await this.encoder.close();
  }

  private async put(s: SeriesStage, partKey: string, bars: BarBatch): Promise<void> {
    // Encoding goes to worker threads while the reader goes on; a few at most, so memory stays bounded.
    await loadParquetLibs(); // the in-thread fallback when the worker bundle is not built
    while (this.writes.length >= MAX_IN_FLIGHT) await this.writes.shift();
    s.staged ??= new StagedSeries(this.catalog, s.key, await this.catalog.stagingArea());
    this.writes.push(s.staged.stage(partKey, bars, this.encoder));
    s.lastKey = partKey;
  }

  private async settle(): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    await Promise.all(writes);
  }
}
