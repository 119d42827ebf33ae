import type { ConflictMode } from '../../../src-shared/domain/bar';
import type { IbkrSeries } from '../../../src-shared/domain/ibkr';
import type { QuarantineCode } from '../../../src-shared/domain/job';
import type { CheckedEmpty, Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { Availability, SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import type { SessionCalendar } from '../calendars/index';

// The calendar interface lives with the calendars; the catalog's API takes one for gap figures.
export type { SessionCalendar };

/**
 * Bars as columns, sorted or not, ts in ms UTC. Typed arrays so a batch moves between threads
 * without copying. `trades`/`vwap` are present for the whole batch or absent.
 */
export interface BarBatch {
  length: number;
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  trades?: Float64Array;
  vwap?: Float64Array;
}

export interface WriteResult {
  /** Bars in the series that are new after the write. */
  added: number;
  /** Existing bars whose values were replaced by incoming ones. */
  replaced: number;
  /** Existing bars removed (overwrite mode only: inside the incoming span, absent from the batch). */
  removed: number;
  /** Incoming bars not written because an existing bar won (skip mode). */
  skipped: number;
  /** Partition files written. */
  partitionsWritten: number;
  /** Kept generations the retention pruned after this write (history/prune.ts), when any. */
  historyPruned?: import('./history/prune').PruneReport;
}

export interface WriteOptions {
  signal?: AbortSignal;
  /** Who wrote, for the manifest and audit trail, e.g. "import:session-id" or "backfill:job-id". */
  source?: string;
  /** The series' trading calendar, committed with this write (an import's chosen or inferred one). */
  calendar?: string;
  /**
   * Overwrite only: the range [from, to) the batch replaces as a whole, so bars in it that the batch
   * lacks are removed (counted) even before its first or after its last bar. Default: the batch's own span.
   */
  overwriteRange?: Interval;
}

export interface QueryOptions {
  columns?: string[];
  /** Inclusive year range and inclusive month range within each year (1-12), as ML pipelines ask. */
  years?: [number, number];
  months?: [number, number];
  /**
   * A one-pass read (an export, window by window): decoded partitions are not kept in the read
   * cache, so a long export neither grows memory with its range nor evicts the app's recent reads.
   */
  uncached?: boolean;
}

export interface VerifyReport {
  partitionsChecked: number;
  ok: number;
  quarantined: { series: string; file: string; reason: string; lostRange: Interval }[];
  /** Manifests that could not be read, or whose entries lead out of the catalog (run rebuild). */
  brokenManifests?: string[];
  /**
   * Partition files no manifest lists: left in place when the series has no manifest (rebuild adopts
   * them), moved to .quarantine when its manifest names other files (see sweep.ts).
   */
  unlisted?: { series: string; file: string; quarantined: boolean }[];
  /** Temp files and staging folders of processes that are gone, removed (absolute paths). */
  leftoversRemoved?: string[];
}

export interface RebuildReport {
  series: number;
  partitions: number;
  manifestsWritten: number;
  /** Files moved to .quarantine (unreadable, an older duplicate of a partition, or a broken manifest). */
  quarantined: { file: string; reason: string }[];
  /** Series folders or files resolving outside the catalog (symlinks): never entered nor adopted. */
  outside?: string[];
}

/** Progress, cancellation and findings of verify/rebuild while they run (the app's jobs show them). */
export interface MaintenanceHooks {
  /** Checked between partitions (verify) or series (rebuild); every manifest stays consistent. */
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** A file moved to .quarantine; paths are absolute. */
  onQuarantined?(q: {
    series: string | null;
    file: string;
    movedTo: string;
    reason: string;
    lostRange: Interval | null;
    code: QuarantineCode;
    /** The partition's period, e.g. 2024-02. */
    period?: string;
  }): void;
}

/**
 * The catalog: one folder of hive-partitioned Parquet plus per-series manifests. Every write in the
 * app, CLI, importer and backfill goes through `write`; it holds the cross-process writer lock.
 */
export interface Catalog {
  readonly dir: string;
  /** Every series, from manifests only; `calendar` replaces each series' own calendar for gap figures. */
  listSeries(opts?: { calendar?: SessionCalendar }): Promise<SeriesSummary[]>;
  /**
   * listSeries plus the series left out (unreadable manifest, bars outside the allowed years, ...).
   * Optional, like stagingArea: a catalog without it reports none broken.
   */
  seriesListing?(opts?: {
    calendar?: SessionCalendar;
  }): Promise<import('./read/series-listing').SeriesListing>;
  /**
   * Availability of one series. Calendar: the one given, else the series' own (manifest), else 24x7.
   * NOT_FOUND for an unknown series without a range; with a range an unknown series is all gap.
   */
  availability(
    key: SeriesKey,
    opts?: { range?: Interval; calendar?: SessionCalendar },
  ): Promise<Availability>;
  /** Bars in [from, to) as an Arrow table (apache-arrow), reading only overlapping partitions. */
  query(
    key: SeriesKey,
    range: Interval | undefined,
    opts?: QueryOptions,
  ): Promise<import('apache-arrow').Table>;
  write(key: SeriesKey, batch: BarBatch, mode: ConflictMode, opts?: WriteOptions): Promise<WriteResult>;
  /**
   * A new staging area for partitions encoded ahead of their commit (stagePartition, staged.ts), with
   * the catalog's compression. The caller discards it (discardStagingArea) whether or not it commits.
   * Optional: a catalog without staging gets its bulk imports through `write`.
   */
  stagingArea?(): Promise<import('./write/staging').StagingArea>;
  /** Commits staged partitions (sorted by key) like `write` would commit their bars: same modes, one commit. */
  writeStaged?(
    key: SeriesKey,
    parts: readonly import('./write/staging').StagedPartition[],
    mode: ConflictMode,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  /** Counts existing bars in [from, to): what an import or backfill would touch. */
  countExisting(key: SeriesKey, range: Interval): Promise<number>;
  recordCheckedEmpty(key: SeriesKey, ranges: CheckedEmpty[]): Promise<void>;
  clearCheckedEmpty(key: SeriesKey, range: Interval): Promise<void>;
  setCalendar(key: SeriesKey, calendar: string): Promise<void>;
  /** The provider backfills of the series use (null: none); kept in its manifest. Absent: read-only. */
  setProvider?(key: SeriesKey, provider: string | null, ibkr?: IbkrSeries): Promise<void>;
  /**
   * Gives a series another venue and/or symbol (same timeframe), keeping everything in its manifest;
   * returns the new key. Refused with reason target_exists when that series exists. Absent: read-only.
   */
  /** Bounds the cache of decoded partitions (MB; 0: off), from Settings. */
  setReadCacheMb?(mb: number): void;
  renameSeries?(from: SeriesKey, to: { venue?: string; symbol?: string }): Promise<SeriesKey>;
  /**
   * Gives a series another timeframe label under a journal: `writeNew` writes series `to` (through this
   * catalog), then `from` goes to the trash (its entry returned) and its settings follow. After a crash the
   * next open finishes the move to the trash, or removes a half-written `to`. Absent: read-only.
   */
  relabelSeries?(
    from: SeriesKey,
    to: SeriesKey,
    writeNew: () => Promise<void>,
    /**
     * fromGeneration: the generation `from`'s bars were read at (a write since refuses the relabel);
     * jobId: the relabel's own job, which a running-job check of `from` and `to` passes over.
     */
    opts: { source: string; fromGeneration: number; jobId?: string },
  ): Promise<import('./trash/trash').TrashEntry>;
  /** Tick series (ticks/, tick-manifests/). Optional, like stagingArea: absent in read-only catalogs. */
  readonly ticks?: import('./ticks/tick-store').TickStore;
  /** Takes back the series' last write (history/undo.ts). Absent: read-only. */
  undo?(key: SeriesKey, opts?: { source?: string }): Promise<import('./history/undo').UndoReport>;
  /** Removes the bars at the given times as one undoable write (write/drop.ts). Absent: read-only. */
  dropBars?(
    key: SeriesKey,
    times: readonly number[],
    opts?: WriteOptions,
  ): Promise<import('./write/drop').DropResult>;
  /** Moves a series into the trash (trash/trash.ts); listTrash, restoreFromTrash, emptyTrash manage it. */
  deleteSeries?(key: SeriesKey, opts?: { source?: string }): Promise<import('./trash/trash').TrashEntry>;
  listTrash?(): Promise<import('./trash/trash').TrashEntry[]>;
  restoreFromTrash?(id: string, opts?: { source?: string }): Promise<import('./trash/trash').TrashEntry>;
  emptyTrash?(id?: string, opts?: { source?: string }): Promise<import('./trash/trash').TrashEntry[]>;
  /** The live generation and the kept ones, newest first. */
  history?(key: SeriesKey): Promise<import('./history/list').GenerationView[]>;
  verify(): Promise<VerifyReport>;
  rebuild(): Promise<RebuildReport>;
  close(): Promise<void>;
}

/** What a staged writer needs of a catalog (openCatalog's has both; read-only ones may not). */
export type StagingCatalog = Required<Pick<Catalog, 'stagingArea' | 'writeStaged'>>;
