import { promises as fs } from 'node:fs';
import type { ConflictMode } from '../../../src-shared/domain/bar';
import type { IbkrSeries } from '../../../src-shared/domain/ibkr';
import type { CheckedEmpty, Interval } from '../../../src-shared/domain/range';
import { checkSeriesKey, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import { defaultCalendarName, requireCalendar } from '../calendars/index';
import { validateBatch } from './batch';
import { removeDbWatermark } from './disk/db-watermarks';
import { manifestPath, seriesDir } from './disk/layout';
import { acquireWriteLock, lockWaitFromEnv } from './disk/lock';
import { emptyManifest, type Manifest, readManifest, writeManifest } from './disk/manifest';
import { appendOp } from './disk/oplog';
import { partitionFilesIn } from './disk/series-on-disk';
import { type GenerationView, listHistory } from './history/list';
import { DEFAULT_RETENTION_DAYS, type PruneReport, pruneHistory } from './history/prune';
import { type UndoReport, undoLastWrite } from './history/undo';
import { rebuildCatalog } from './maintenance/rebuild';
import { removeDeadLeftovers, sweepAll, sweepSeries } from './maintenance/sweep';
import { verifyCatalog } from './maintenance/verify';
import type { ParquetCompression } from './parquet/codec';
import { loadParquetLibs } from './parquet/libs';
import { PartitionEncoder } from './partition-encoder';
import { CatalogReader, checkKey } from './read/catalog-reader';
import { addCheckedEmpty, removeCheckedEmpty } from './read/checked-empty';
import { countBars } from './read/count';
import { notFound } from './read/query';
import { TickStore } from './ticks/tick-store';
import { verifyTicks } from './ticks/tick-verify';
import { emptyTrash, listTrash, restoreFromTrash, type TrashEntry, trashSeries } from './trash/trash';
import type { BarBatch, Catalog, RebuildReport, VerifyReport, WriteOptions, WriteResult } from './types';
import { applyDrop, type DropResult } from './write/drop';
import { beginRelabel, commitRelabel, recoverRelabel } from './write/relabel';
import { refuseBusy, renameSeries } from './write/rename';
import { createStagingDir, type StagedPartition, type StagingArea } from './write/staging';
import { applyWrite } from './write/write';
import { applyStagedWrite } from './write/write-staged';

export interface CatalogOptions {
  /** Parquet compression of new partition files; stored in catalog.json when the catalog is created. */
  compression?: ParquetCompression;
  /** How long a write waits for another writer (ms) before failing with LOCKED. Default 3000. */
  lockWaitMs?: number;
  /** Told before each round a write waits for the lock file, with how long it has waited (tests watch it). */
  onLockWait?: (waitedMs: number) => void;
  /** Rows from which a write encodes in worker threads when none is running (default 1,000,000). */
  workerEncodeMinRows?: number;
  /** Rows from which a read of several partitions decodes in worker threads too (default 50,000). */
  workerDecodeMinRows?: number;
  /** Days a replaced generation is kept for undo (catalog.json retentionDays; 0: until the next write). */
  retentionDays?: number;
  /** Bound of the cache of decoded partitions in MB (default DEFAULT_READ_CACHE_MB; 0: off). */
  readCacheMb?: number;
}

export class FolderCatalog extends CatalogReader implements Catalog {
  /** Worker pool for encoding large writes; started on first use, closed by close() or when idle. */
  readonly encoder: PartitionEncoder;
  /** Tick series, under the same lock, staging, verify and quarantine as the bars. */
  readonly ticks: TickStore;

  constructor(
    dir: string,
    private readonly opts: CatalogOptions = {},
  ) {
    super(dir, opts);
    this.encoder = new PartitionEncoder({ coldMinRows: opts.workerEncodeMinRows });
    this.ticks = new TickStore(
      dir,
      (fn, signal) => {
        this.assertOpen();
        return this.locked(fn, signal);
      },
      this.decoder,
    );
  }

  async write(
    key: SeriesKey,
    batch: BarBatch,
    mode: ConflictMode,
    opts: WriteOptions = {},
  ): Promise<WriteResult> {
    const k = this.checkWrite(key, mode);
    validateBatch(batch, k.timeframe);
    if (batch.length === 0) return { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
    await loadParquetLibs();
    const calendar = this.calendarOf(opts);
    return this.withSeries(
      k,
      async (manifest) =>
        this.pruned(
          k,
          await applyWrite(
            this.dir,
            k,
            calendar(manifest),
            batch,
            mode,
            opts,
            this.opts.compression,
            this.encoder,
          ),
        ),
      opts.signal,
    );
  }

  async stagingArea(): Promise<StagingArea> {
    this.assertOpen();
    return { dir: await createStagingDir(this.dir), compression: this.opts.compression ?? 'zstd' };
  }

  async writeStaged(
    key: SeriesKey,
    parts: readonly StagedPartition[],
    mode: ConflictMode,
    opts: WriteOptions = {},
  ): Promise<WriteResult> {
    const k = this.checkWrite(key, mode);
    if (parts.length === 0) return { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
    // Parquet libraries are loaded by applyStagedWrite only when staged bars meet existing ones.
    const calendar = this.calendarOf(opts);
    return this.withSeries(
      k,
      async (manifest) =>
        this.pruned(
          k,
          await applyStagedWrite(this.dir, k, calendar(manifest), parts, mode, opts, this.opts.compression),
        ),
      opts.signal,
    );
  }

  /** The manifest a write commits: with the write's calendar (checked before any work) when it names one. */
  private calendarOf(opts: WriteOptions): (m: Manifest) => Manifest {
    if (!opts.calendar) return (m) => m;
    const name = requireCalendar(opts.calendar, this.dir).name;
    return (m) => ({ ...m, calendar: name });
  }

  async countExisting(key: SeriesKey, range: Interval): Promise<number> {
    this.assertOpen();
    const k = checkKey(key);
    const manifest = await readManifest(this.dir, k);
    await loadParquetLibs();
    return manifest ? countBars(this.dir, k, manifest, range) : 0;
  }

  async recordCheckedEmpty(key: SeriesKey, ranges: CheckedEmpty[]): Promise<void> {
    this.assertOpen();
    const k = checkKey(key);
    if (ranges.length === 0) return;
    await this.withSeries(k, async (m) => {
      await writeManifest(this.dir, { ...m, checkedEmpty: addCheckedEmpty(m.checkedEmpty, ranges) });
    });
  }

  async clearCheckedEmpty(key: SeriesKey, range: Interval): Promise<void> {
    this.assertOpen();
    const k = checkKey(key);
    await this.withSeries(k, async (m) => {
      await writeManifest(this.dir, { ...m, checkedEmpty: removeCheckedEmpty(m.checkedEmpty, range) });
    });
  }

  async setCalendar(key: SeriesKey, calendar: string): Promise<void> {
    this.assertOpen();
    const k = checkKey(key);
    const found = requireCalendar(calendar, this.dir);
    await this.withSeries(k, async (m) => {
      await writeManifest(this.dir, { ...m, calendar: found.name });
    });
  }

  async setProvider(key: SeriesKey, provider: string | null, ibkr?: IbkrSeries): Promise<void> {
    this.assertOpen();
    const k = checkKey(key);
    await this.withSeries(k, async (m) => {
      // IB settings go with provider ibkr: kept when not given again, dropped with another provider.
      const { ibkr: had, ...rest } = m;
      const keep = provider === 'ibkr' ? (ibkr ?? had) : undefined;
      await writeManifest(this.dir, { ...rest, provider, ...(keep ? { ibkr: keep } : {}) });
    });
  }

  async renameSeries(from: SeriesKey, to: { venue?: string; symbol?: string }): Promise<SeriesKey> {
    this.assertOpen();
    const k = checkKey(from);
    const target = checkNewName({ ...k, venue: to.venue ?? k.venue, symbol: to.symbol ?? k.symbol });
    if (seriesId(target) === seriesId(k))
      throw new BarcatError('BAD_INPUT', `series ${seriesId(k)} already has that venue and symbol`, {
        reason: 'same_series',
      });
    await this.locked(async () => {
      await sweepSeries(this.dir, k, await readManifest(this.dir, k));
      await renameSeries(this.dir, k, target);
    });
    return target;
  }

  async relabelSeries(
    from: SeriesKey,
    to: SeriesKey,
    writeNew: () => Promise<void>,
    opts: { source: string; fromGeneration: number; jobId?: string },
  ): Promise<TrashEntry> {
    this.assertOpen();
    const k = checkKey(from);
    const t = checkKey(to);
    // Neither the old series nor the target may be another running job's to write.
    refuseBusy(this.dir, k, 'relabel', opts.jobId);
    refuseBusy(this.dir, t, 'relabel', opts.jobId);
    await this.locked(() => beginRelabel(this.dir, k, t, opts.fromGeneration));
    try {
      await writeNew();
    } catch (err) {
      // A failed write (full disk, cancelled) leaves no half-written new series; should that cleanup
      // fail too, the write's own error is still the one reported (the journal is undone at next open).
      await this.locked(() => recoverRelabel(this.dir, true)).catch(() => undefined);
      throw err;
    }
    return this.locked(() => commitRelabel(this.dir, k, t, opts.fromGeneration, opts.source));
  }

  /** Takes back the series' last write (all consecutive generations of its job); see history/undo.ts. */
  async undo(key: SeriesKey, opts: { source?: string } = {}): Promise<UndoReport> {
    this.assertOpen();
    const k = checkKey(key);
    // A running job would go on writing over the restored generation.
    refuseBusy(this.dir, k, 'undo');
    return this.withExisting(k, async (manifest) => {
      const report = await undoLastWrite(this.dir, k, manifest);
      // Its watermark would skip the rows taken back: the next run of that import reads them again.
      const db = /^import-db:([0-9a-f]+)$/.exec(report.source ?? '');
      const mark = db ? await removeDbWatermark(this.dir, db[1]!) : null;
      if (mark) report.dbImportReset = { source: mark.source, rows: mark.rows };
      await appendOp(this.dir, { op: 'undo', by: opts.source ?? 'api', ...report });
      return report;
    });
  }

  /** Removes the bars at `times` as one write (undoable); returns its counts and the bars removed. */
  async dropBars(key: SeriesKey, times: readonly number[], opts: WriteOptions = {}): Promise<DropResult> {
    this.assertOpen();
    const k = checkKey(key);
    refuseBusy(this.dir, k, 'drop bars of');
    return this.withExisting(
      k,
      async (manifest) => {
        const out = await applyDrop(this.dir, k, manifest, times, opts, this.opts.compression);
        return { ...out, result: await this.pruned(k, out.result) };
      },
      opts.signal,
    );
  }

  /** Moves a series into CATALOG/trash (atomic, logged); refused while a job writes it. */
  async deleteSeries(key: SeriesKey, opts: { source?: string } = {}): Promise<TrashEntry> {
    this.assertOpen();
    const k = checkKey(key);
    refuseBusy(this.dir, k, 'delete');
    return this.withExisting(k, async (manifest) => {
      const entry = await trashSeries(this.dir, k, manifest);
      await appendOp(this.dir, { op: 'delete', by: opts.source ?? 'api', ...entry });
      return entry;
    });
  }

  async listTrash(): Promise<TrashEntry[]> {
    this.assertOpen();
    return listTrash(this.dir);
  }

  async restoreFromTrash(id: string, opts: { source?: string } = {}): Promise<TrashEntry> {
    this.assertOpen();
    return this.locked(async () => {
      const entry = await restoreFromTrash(this.dir, id);
      await appendOp(this.dir, { op: 'trash-restore', by: opts.source ?? 'api', ...entry });
      return entry;
    });
  }

  /** Deletes trashed series for good (all, or the one named); every one is counted and logged. */
  async emptyTrash(id?: string, opts: { source?: string } = {}): Promise<TrashEntry[]> {
    this.assertOpen();
    return this.locked(async () => {
      const gone = await emptyTrash(this.dir, id);
      for (const e of gone) await appendOp(this.dir, { op: 'trash-empty', by: opts.source ?? 'api', ...e });
      return gone;
    });
  }

  /** The live generation and the kept ones, newest first, with what wrote each. */
  async history(key: SeriesKey): Promise<GenerationView[]> {
    this.assertOpen();
    const k = checkKey(key);
    const manifest = await readManifest(this.dir, k);
    if (!manifest) throw notFound(this.dir, k);
    return listHistory(this.dir, k, manifest);
  }

  /** Prunes kept generations past the retention (also done after every write), reported and logged. */
  async pruneHistory(key: SeriesKey, now = Date.now()): Promise<PruneReport> {
    this.assertOpen();
    const k = checkKey(key);
    return this.locked(() => this.prune(k, now));
  }

  private async prune(k: SeriesKey, now = Date.now()): Promise<PruneReport> {
    const days = this.opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const report = await pruneHistory(this.dir, k, seriesId(k), days, now);
    if (report.generations.length > 0)
      await appendOp(this.dir, { op: 'history-prune', retentionDays: days, ...report });
    return report;
  }

  /** A write's result with the history prune that followed it, when that removed anything. */
  private async pruned(k: SeriesKey, result: WriteResult): Promise<WriteResult> {
    const report = await this.prune(k);
    return report.generations.length > 0 ? { ...result, historyPruned: report } : result;
  }

  async verify(): Promise<VerifyReport> {
    this.assertOpen();
    await loadParquetLibs();
    return this.locked(async () => {
      const leftoversRemoved = await removeDeadLeftovers(this.dir, { seriesFolders: true });
      const report = await verifyCatalog(this.dir);
      await verifyTicks(this.dir, report);
      return leftoversRemoved.length > 0 ? { ...report, leftoversRemoved } : report;
    });
  }

  async rebuild(): Promise<RebuildReport> {
    this.assertOpen();
    await loadParquetLibs();
    return this.locked(() => rebuildCatalog(this.dir));
  }

  setReadCacheMb(mb: number): void {
    this.readCache.resize(mb);
  }

  override async close(): Promise<void> {
    await Promise.all([super.close(), this.encoder.close()]);
  }

  /** A write's checks, in order: catalog open, key valid, mode known; returns the normalized key. */
  private checkWrite(key: SeriesKey, mode: ConflictMode): SeriesKey {
    this.assertOpen();
    const k = checkKey(key);
    // Callers beyond the type checker (CLI, IPC) may pass any string as a conflict mode.
    if (!['skip', 'overwrite', 'merge'].includes(mode))
      throw new BarcatError('BAD_INPUT', `conflict mode "${mode}" is not one of skip, overwrite, merge`);
    return k;
  }

  private lockWaitMs(): number {
    return this.opts.lockWaitMs ?? lockWaitFromEnv();
  }

  private async locked<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await acquireWriteLock(this.dir, {
      waitMs: this.lockWaitMs(),
      signal,
      onWait: this.opts.onLockWait,
    });
    try {
      if (release.brokeStale) await sweepAll(this.dir);
      return await fn();
    } finally {
      await release();
    }
  }

  /** Runs fn under the lock with the committed manifest of a series that exists (NOT_FOUND otherwise), swept. */
  private withExisting<T>(k: SeriesKey, fn: (m: Manifest) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.locked(async () => {
      const manifest = await readManifest(this.dir, k);
      if (!manifest) throw notFound(this.dir, k);
      await sweepSeries(this.dir, k, manifest);
      return fn(manifest);
    }, signal);
  }

  /** Runs fn under the lock with the series' committed manifest (created empty on first use). */
  private withSeries<T>(key: SeriesKey, fn: (m: Manifest) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.locked(async () => {
      let manifest = await readManifest(this.dir, key);
      await sweepSeries(this.dir, key, manifest);
      const created = !manifest;
      if (!manifest) {
        await refuseUnlisted(this.dir, key);
        // Committed before any data file exists, so files of a crashed first write are recognizably uncommitted.
        manifest = emptyManifest(key, defaultCalendarName(key.venue));
        await writeManifest(this.dir, manifest);
      }
      try {
        return await fn(manifest);
      } catch (err) {
        // A first write that failed must not leave an empty series behind in the listing.
        if (created) await fs.rm(manifestPath(this.dir, key), { force: true });
        throw err;
      }
    }, signal);
  }
}

/** checkKey for a rename's target, naming the field at fault (reason invalid_name) for the form. */
function checkNewName(key: SeriesKey): SeriesKey {
  const checked = checkSeriesKey(key);
  if ('key' in checked) return checked.key;
  const problem = checked.problems[0];
  throw new BarcatError('BAD_INPUT', `cannot rename to that: ${problem?.message}`, {
    reason: 'invalid_name',
    field: problem?.path,
  });
}

/**
 * A series without a manifest whose folder still holds partition files has lost its manifest: a
 * write would start over beside bars it cannot see. Refused until rebuild adopts them.
 */
async function refuseUnlisted(root: string, key: SeriesKey): Promise<void> {
  const dir = seriesDir(root, key);
  const files = await partitionFilesIn(dir);
  if (files.length > 0)
    throw new BarcatError(
      'CORRUPT',
      `series ${seriesId(key)} has no manifest, but its folder ${dir} holds ${files.length} partition files (${files[0]}${files.length > 1 ? ', …' : ''}); run "barcat rebuild" to adopt them, then write again`,
    );
}
