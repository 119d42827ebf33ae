import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import type { TickPlan, TickVolume } from '../../../../src-shared/domain/ticks';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import {
  type BarBatch,
  type Catalog,
  concatBatches,
  loadParquetLibs,
  type PartitionCuts,
  partitionCuts,
  StagedSeries,
  type StagingCatalog,
  type StagingEncoder,
  sliceBatch,
  stagingEncoder,
  validateBatch,
  type WriteResult,
} from '../../catalog/index';

/**
 * A tick import's bars staged partition by partition as the read ranges hand them over (each range
 * numbered in file order, 0 for a whole file), then committed in one writeStaged: memory holds a few
 * partitions, not the file's bars. Held back, unstaged: each range's first partition (the file's
 * first, whose first bar the edge rebuild may change, or the one a cut day splits between two
 * ranges) and its last (the read's result). A range's bars sum sizes; the file's volume is the first
 * range's with ticks (tick-split.ts), so a range's partitions wait until that is known. Partitions
 * are encoded in worker threads: the calling thread (Electron's main process) stays free meanwhile.
 */
export class TickBarStage {
  private readonly cuts: PartitionCuts;
  /** Per range: its volume, its first partition, partitions waiting for the file's volume, its last, whether it ended. */
  private readonly ranges: {
    volume: TickVolume | null;
    first: BarBatch | null;
    waiting: BarBatch[];
    last: BarBatch | null;
    ended: boolean;
  }[] = [];
  /**
   * Why the first partition (in staging order) that could not be encoded or written failed: the
   * workers may finish them out of order.
   */
  private failed: unknown = null;
  private failedAt = Number.POSITIVE_INFINITY;
  private stagedCount = 0;
  private readonly stop = new AbortController();
  /** Aborted once a partition fails: the read stops there, not at the file's end. */
  readonly signal = this.stop.signal;

  /**
   * Encode workers of this import only, closed by discard(): none is left running after it. One: a
   * month is handed over per month of ticks read, and the held ones at the end are a few; each
   * worker started adds its own parquet-wasm to the import's peak memory.
   */
  private readonly encoder: StagingEncoder = stagingEncoder(1);

  private constructor(private readonly staged: StagedSeries) {
    this.cuts = partitionCuts(staged.key.timeframe);
  }

  static async open(catalog: Catalog, plan: TickPlan): Promise<TickBarStage> {
    if (!catalog.stagingArea || !catalog.writeStaged)
      throw new BarcatError('INTERNAL', `catalog ${catalog.dir} cannot stage bars from ticks`);
    const staging = catalog as StagingCatalog;
    // The in-thread fallback when the worker bundle is not built.
    await loadParquetLibs();
    const key: SeriesKey = { venue: plan.venue, symbol: plan.symbol, timeframe: plan.timeframe as Timeframe };
    return new TickBarStage(new StagedSeries(staging, key, await staging.stagingArea()));
  }

  /** One complete partition of range k's bars, with that range's volume. */
  part(k: number, bars: BarBatch, volume: TickVolume): void {
    const r = this.range(k);
    r.volume ??= volume;
    if (r.first) r.waiting.push(bars);
    else r.first = bars;
    this.stageWaiting();
  }

  /** Range k has ended: its bars not handed over (its last partition's) and its volume. */
  end(k: number, bars: BarBatch | null, volume: TickVolume | null): void {
    const r = this.range(k);
    r.volume ??= volume;
    r.last = bars;
    r.ended = true;
    this.stageWaiting();
  }

  /**
   * Once every range has ended: the held partitions as one batch in time order (the file's first and
   * last bar at its ends), volume as the file's; null when no bar was built.
   */
  held(): BarBatch | null {
    this.stageWaiting(true);
    const parts = this.ranges
      .flatMap((r) => [r.first, r.last])
      .filter((b): b is BarBatch => b !== null && b.length > 0);
    if (parts.length === 0) return null;
    const bars = concatBatches(parts);
    this.countVolume(bars);
    return bars;
  }

  /**
   * Waits for every partition staged so far to be written and fsynced, and throws the first failure:
   * called before the ticks are committed, so a failed month never leaves ticks without their bars.
   */
  async ready(): Promise<void> {
    await this.staged.settled();
    if (this.failed) throw this.failed;
  }

  /** Stages the held bars (edges rebuilt by the caller) and commits every staged partition in one write. */
  async commit(held: BarBatch, mode: ConflictMode, source: string): Promise<WriteResult> {
    for (const s of this.cuts.split(held.ts)) this.stage(sliceBatch(held, s.start, s.end));
    await this.ready();
    return this.staged.commit(mode, { source });
  }

  /**
   * Removes the staging area, committed or not, once every file written into it has settled, and
   * stops the encode workers.
   */
  async discard(): Promise<void> {
    try {
      await this.staged.discard();
    } finally {
      await this.encoder.close();
    }
  }

  private range(k: number) {
    for (let i = this.ranges.length; i <= k; i++)
      this.ranges.push({ volume: null, first: null, waiting: [], last: null, ended: false });
    return this.ranges[k]!;
  }

  /** The file's volume: the first range's with ticks; undefined while an earlier range may still have some. */
  private fileVolume(allEnded: boolean): TickVolume | null | undefined {
    for (const r of this.ranges) {
      if (r.volume) return r.volume;
      if (!r.ended) return allEnded ? null : undefined;
    }
    return allEnded ? null : undefined;
  }

  private stageWaiting(allEnded = false): void {
    if (this.fileVolume(allEnded) === undefined) return;
    for (const r of this.ranges)
      for (const bars of r.waiting.splice(0)) {
        this.countVolume(bars);
        this.stage(bars);
      }
  }

  /** A tick-count volume is taken from `trades` (ranges sum sizes whatever their own ticks carry). */
  private countVolume(bars: BarBatch): void {
    if (this.fileVolume(true) === 'count') bars.volume.set(bars.trades!);
  }

  /**
   * Not capped as the database import is (6 in flight): the reader's hand-over is synchronous and
   * cannot wait, and a month is handed over per month of ticks read, slower than one is encoded.
   */
  private stage(bars: BarBatch): void {
    if (this.failed) return;
    const at = this.stagedCount++;
    try {
      // The bar rules catalog.write checks: no bar breaking one is staged.
      validateBatch(bars, this.staged.key.timeframe);
      // The encoder copies the columns now (held partitions may share a buffer). A failure is seen as
      // it happens (the read stops) and thrown by ready().
      this.staged
        .stage(this.cuts.keyOf(bars.ts[0]!), bars, this.encoder)
        .catch((err: unknown) => this.fail(err, at));
    } catch (err) {
      this.fail(err, at);
    }
  }

  private fail(err: unknown, at: number): void {
    if (at < this.failedAt) {
      this.failed = err;
      this.failedAt = at;
    }
    this.stop.abort();
  }
}
