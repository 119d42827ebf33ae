import type { Interval } from '../../../../src-shared/domain/range';
import { checkSeriesKey, type SeriesKey } from '../../../../src-shared/domain/series';
import type { Availability, SeriesSummary } from '../../../../src-shared/domain/series-views/availability';
import { BarcatError } from '../../../plumbing/errors';
import { emptyManifest, readManifest } from '../disk/manifest';
import { loadArrowLib } from '../parquet/libs';
import type { BarBatch, QueryOptions, SessionCalendar } from '../types';
import { DecodedPartitionCache } from './decoded-cache';
import { PartitionDecoder, type PartitionReader } from './partition-decoder';
import { notFound, queryBars, queryBarsBatch } from './query';
import type { SeriesListing } from './series-listing';

export interface ReaderOptions {
  /** Rows from which a read of several partitions decodes in worker threads too (default 50,000). */
  workerDecodeMinRows?: number;
  /** Bound of the cache of decoded partitions in MB (default DEFAULT_READ_CACHE_MB; 0: off). */
  readCacheMb?: number;
}

/** Validates and normalizes a key, so no venue or symbol can address a path outside the catalog. */
export function checkKey(key: SeriesKey): SeriesKey {
  const checked = checkSeriesKey(key);
  if ('problems' in checked)
    throw new BarcatError(
      'BAD_INPUT',
      `invalid series: ${checked.problems.map((p) => p.message).join('; ')}`,
    );
  return checked.key;
}

/**
 * The reads of an open catalog: series listing, availability and bars. FolderCatalog adds the
 * writes, maintenance, ticks and history to it; a command that only reads opens this alone
 * (read-only.ts), so it never loads the code of the rest.
 */
export class CatalogReader {
  protected closed = false;
  /** Worker pool for decoding large reads; started on first use, closed by close() or when idle. */
  readonly decoder: PartitionDecoder;
  /** Decoded partitions of recent reads; this catalog's alone (a switch opens a new catalog). */
  readonly readCache: DecodedPartitionCache;
  protected readonly readPartitions: PartitionReader;

  constructor(
    readonly dir: string,
    opts: ReaderOptions = {},
  ) {
    this.decoder = new PartitionDecoder({ minRows: opts.workerDecodeMinRows });
    this.readCache = new DecodedPartitionCache(opts.readCacheMb);
    this.readPartitions = this.readCache.wrap(this.decoder.read);
  }

  /** Every series from its manifest (never opening Parquet); `calendar` overrides each series' own. */
  async listSeries(opts: { calendar?: SessionCalendar } = {}): Promise<SeriesSummary[]> {
    return (await this.seriesListing(opts)).series;
  }

  async seriesListing(opts: { calendar?: SessionCalendar } = {}): Promise<SeriesListing> {
    this.assertOpen();
    const { listSeriesFrom } = await import('./series-listing');
    return listSeriesFrom(this.dir, opts);
  }

  async availability(
    key: SeriesKey,
    opts: { range?: Interval; calendar?: SessionCalendar } = {},
  ): Promise<Availability> {
    this.assertOpen();
    const k = checkKey(key);
    const manifest = await readManifest(this.dir, k);
    // With a range, a series not yet in the catalog is simply all gap (what a first backfill plans from).
    if (!manifest && !opts.range) throw notFound(this.dir, k);
    // Loaded here: the calendars (and the zod schema of user calendar files) are no query's business.
    const [{ defaultCalendarName }, { computeAvailability }] = await Promise.all([
      import('../../calendars/index'),
      import('./availability'),
    ]);
    const m = manifest ?? emptyManifest(k, defaultCalendarName(k.venue));
    return computeAvailability(m, { ...opts, root: this.dir });
  }

  async query(key: SeriesKey, range: Interval | undefined, opts?: QueryOptions) {
    this.assertOpen();
    // parquet-wasm loads when a read first needs it (partition-decoder.ts: small reads decode in JS).
    loadArrowLib();
    const reader = opts?.uncached ? this.decoder.read : this.readPartitions;
    return queryBars(this.dir, checkKey(key), range, opts, reader);
  }

  /**
   * query's bars as one BarBatch, for a caller that wants columns, not a table (`barcat query`): a
   * small read decodes straight into it without apache-arrow (see queryBarsBatch).
   */
  async queryBatch(
    key: SeriesKey,
    range: Interval | undefined,
    opts: Pick<QueryOptions, 'years' | 'months'> = {},
  ): Promise<BarBatch> {
    this.assertOpen();
    return queryBarsBatch(this.dir, checkKey(key), range, opts, this.readPartitions);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.readCache.clear();
    await this.decoder.close();
  }

  protected assertOpen(): void {
    if (this.closed) throw new BarcatError('INTERNAL', `catalog ${this.dir} was closed; open it again`);
  }
}
