import { parseSeriesId, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { Catalog } from '../../engines/catalog/index';
import { findingId, readFixes, readResults, refreshQuality } from '../../engines/quality/index';
import { refreshKeptOverview } from '../../engines/resample/index';
import { BarcatError } from '../../plumbing/errors';
import type { EventBus } from './events';

/** Where a failed refresh is told: a line added to the messages of the job that wrote the series. */
export type QualityNote = (line: string) => void;

interface Pending {
  catalog: Catalog;
  notes: Set<QualityNote>;
}

/**
 * Brings the quality results of series a job wrote up to date in the background, one series at a
 * time (refreshes of one series never race on its results file). The job that asked neither waits nor
 * fails: a refresh error becomes a note on it. Requests for a series already waiting are merged, so a
 * backfill writing chunk after chunk costs one incremental refresh per turn, not one per chunk.
 */
export class QualityRefresher {
  private readonly pending = new Map<string, Pending>();
  /** Notes for jobs whose record the backfill engine keeps (it has no way to add one): this run only. */
  private readonly engineJobNotes = new Map<string, string[]>();
  private draining: Promise<void> | null = null;
  /**
   * Findings counts listed before, per series of one catalog (another catalog starts afresh): a
   * listing reads only the results files it has not read since their last refresh or rename.
   */
  private counts: { catalog: Catalog; byId: Map<string, number> } | null = null;
  /** Bumped by every forget: a listing that read a file before one does not store what it read. */
  private epoch = 0;

  constructor(
    private readonly bus: EventBus,
    /** The open catalog, null when none: a series queued before a switch waits for the next write there. */
    private readonly current: () => Catalog | null,
  ) {}

  request(catalog: Catalog, ids: readonly string[], note: QualityNote): void {
    for (const id of ids) {
      const waiting = this.pending.get(id);
      if (waiting?.catalog === catalog) waiting.notes.add(note);
      else this.pending.set(id, { catalog, notes: new Set([note]) });
    }
    this.kick();
  }

  private kick(): void {
    if (this.draining !== null) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      // A request made while the last refresh was ending found the drain still set.
      if (this.pending.size > 0) this.kick();
    });
  }

  /** A note that lands on a backfill job's view (see notesOf). */
  noteFor(jobId: string): QualityNote {
    return (line) => this.engineJobNotes.set(jobId, [...(this.engineJobNotes.get(jobId) ?? []), line]);
  }

  notesOf(jobId: string): readonly string[] {
    return this.engineJobNotes.get(jobId) ?? [];
  }

  /** Each series' findings count in its stored results (null: none stored or unreadable), in the order given. */
  async findings(catalog: Catalog, keys: readonly SeriesKey[]): Promise<(number | null)[]> {
    if (this.counts?.catalog !== catalog) this.counts = { catalog, byId: new Map() };
    const byId = this.counts.byId;
    const ids = keys.map(seriesId);
    const unread = keys.filter((_, i) => !byId.has(ids[i] as string));
    const epoch = this.epoch;
    const read = await storedFindings(catalog, unread);
    // None stored is not kept: `barcat quality` in another process may store them next.
    if (epoch === this.epoch)
      unread.forEach((k, i) => {
        const n = read[i];
        if (n !== null && n !== undefined) byId.set(seriesId(k), n);
      });
    const fresh = new Map(unread.map((k, i) => [seriesId(k), read[i] ?? null]));
    return ids.map((id) => byId.get(id) ?? fresh.get(id) ?? null);
  }

  /** Drops the listed counts of series whose results changed or moved (a refresh, a rename). */
  forget(ids: readonly string[]): void {
    this.epoch++;
    for (const id of ids) this.counts?.byId.delete(id);
  }

  /** Resolves once nothing is queued or running (close waits for it before the catalog closes). */
  async idle(): Promise<void> {
    while (this.draining !== null) await this.draining;
  }

  private async drain(): Promise<void> {
    for (let next = this.pending.entries().next(); !next.done; next = this.pending.entries().next()) {
      const [id, { catalog, notes }] = next.value;
      this.pending.delete(id);
      if (catalog !== this.current()) continue;
      const noteAll = (why: string) => {
        const line = `quality check of ${id} not updated: ${why} (run "barcat quality ${id}")`;
        for (const note of notes) note(line);
      };
      try {
        const report = await refreshQuality(catalog, parseSeriesId(id)).finally(() => this.forget([id]));
        // The chart's overview, when the series has one, follows the same write (derived data too).
        // A failure is met again, and reported, by the next view that needs it.
        await refreshKeptOverview(catalog, parseSeriesId(id)).catch(() => null);
        // Findings that could not be stored are not what the table shows: say so on the job.
        if (report.notCached !== undefined) noteAll(report.notCached);
        else this.bus.emit('qualityChanged', { ids: [id] });
      } catch (err) {
        // A series no longer in the catalog has nothing to check.
        if (err instanceof BarcatError && err.code === 'NOT_FOUND') continue;
        noteAll(err instanceof Error ? err.message : String(err));
      }
    }
  }
}

/** Result files read at once by a listing: a catalog of 10,000 series must not run out of file handles. */
const READ_AT_ONCE = 64;

/**
 * Findings in each series' stored results, in the order given; null where none are stored or they
 * are unreadable (derived data: the next refresh rewrites them). Never recomputed here.
 */
async function storedFindings(catalog: Catalog, keys: readonly SeriesKey[]): Promise<(number | null)[]> {
  const counts: (number | null)[] = [];
  for (let i = 0; i < keys.length; i += READ_AT_ONCE) {
    const slice = keys.slice(i, i + READ_AT_ONCE);
    const results = await Promise.all(slice.map((k) => readResults(catalog.dir, k).catch(() => undefined)));
    // Reviewed findings are kept as they are: only open ones count.
    const fixes = await Promise.all(
      slice.map((k) => readFixes(catalog.dir, k, seriesId(k)).catch(() => undefined)),
    );
    results.forEach((r, j) => {
      const reviewed = new Set(fixes[j]?.reviews.map((x) => x.id));
      counts.push(
        r
          ? r.partitions.reduce((n, p) => n + p.findings.filter((f) => !reviewed.has(findingId(f))).length, 0)
          : null,
      );
    });
  }
  return counts;
}
