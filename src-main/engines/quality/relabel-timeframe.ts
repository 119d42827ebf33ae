// "Change timeframe label": a series imported under the wrong timeframe (1m bars labelled 5m) gets the
// right one without a re-import. Partitioning and coverage depend on the timeframe, so the bars are
// read a partition at a time and written as the new series (one recorded write) and the old one goes to the trash, whence
// `barcat trash restore` brings it back: nothing is lost, and the change can be taken back. The catalog
// journals the two steps (write/relabel.ts), so a crash never leaves both series listed.
import { tsText } from '../../../src-shared/domain/bar';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { isOnGrid, nominalMs, parseTimeframe, type Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import {
  arrowToBatch,
  type BarBatch,
  type Catalog,
  concatBatches,
  discardStagingArea,
  partitionCuts,
  readManifest,
  type StagedPartition,
  type StagingArea,
  sliceBatch,
  stagePartition,
} from '../catalog/index';

export interface RelabelResult {
  to: SeriesKey;
  bars: number;
  /** The old series' trash entry: restoring it (and deleting the new one) takes the change back. */
  trashId: string;
}

/** Where the stored bars do not fit a timeframe, counted as they stream by: off its grid, or closer than one bar. */
class FitCheck {
  offGrid = 0;
  firstOffGrid: number | null = null;
  tooClose = 0;
  firstTooClose: number | null = null;
  bars = 0;
  private prev: number | null = null;
  private readonly step: number;

  constructor(private readonly tf: Timeframe) {
    this.step = nominalMs(tf);
  }

  /** Checks the next bars (ascending, after every bar seen so far); true while all fit. */
  push(ts: Float64Array): boolean {
    for (const t of ts) {
      if (!isOnGrid(t, this.tf)) {
        this.offGrid++;
        this.firstOffGrid ??= t;
      }
      if (this.prev !== null && t - this.prev < this.step) {
        this.tooClose++;
        this.firstTooClose ??= t;
      }
      this.prev = t;
    }
    this.bars += ts.length;
    return this.offGrid === 0 && this.tooClose === 0;
  }

  /** The refusal when any bar did not fit (off-grid first, as it is the likelier mistake). */
  refusal(id: string, from: Timeframe): BarcatError | null {
    const to = this.tf;
    if (this.firstOffGrid !== null)
      return new BarcatError(
        'DATA',
        `series ${id}: ${this.offGrid} of ${this.bars} bars are not on the ${to} grid (the first at ${tsText(this.firstOffGrid)}); the label stays ${from}`,
        { reason: 'off_grid', timeframe: to, count: this.offGrid, firstTs: this.firstOffGrid },
      );
    if (this.firstTooClose !== null)
      return new BarcatError(
        'DATA',
        `series ${id}: ${this.tooClose} of ${this.bars} bars start less than ${to} after the bar before (the first at ${tsText(this.firstTooClose)}); the label stays ${from}`,
        { reason: 'too_close', timeframe: to, count: this.tooClose, firstTs: this.firstTooClose },
      );
    return null;
  }
}

const cancelled = () => new BarcatError('CANCELLED', 'relabel cancelled; nothing changed');

export interface RelabelHooks {
  signal?: AbortSignal;
  /** Partitions of the old series read so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads the old series a partition at a time (never whole), checks every bar fits the new timeframe,
 * and stages the bars cut into the new timeframe's partitions; the caller commits them in one write.
 */
async function stageRelabel(
  catalog: Catalog,
  from: SeriesKey,
  to: SeriesKey,
  area: StagingArea,
  hooks: RelabelHooks,
): Promise<{ staged: StagedPartition[]; fromGeneration: number; bars: number }> {
  // Read before the bars: a write in between moves it on, and the relabel is then refused, never lost.
  const manifest = await readManifest(catalog.dir, from);
  const fromGeneration = manifest?.generation ?? 0;
  const parts = [...(manifest?.partitions ?? [])].sort((a, b) => a.minTs - b.minTs);
  const cuts = partitionCuts(to.timeframe);
  const check = new FitCheck(to.timeframe);
  const staged: StagedPartition[] = [];
  // The bars of the new partition being gathered (a new partition may take several old ones).
  let pendingKey: string | null = null;
  let pending: BarBatch[] = [];
  const flush = async () => {
    if (pendingKey === null || pending.length === 0) return;
    const { entry, written } = stagePartition(area, to, pendingKey, concatBatches(pending));
    await written;
    staged.push(entry);
    pending = [];
  };
  hooks.onProgress?.(0, parts.length);
  for (const [i, p] of parts.entries()) {
    if (hooks.signal?.aborted) throw cancelled();
    const bars = arrowToBatch(await catalog.query(from, { from: p.minTs, to: p.maxTs + 1 }));
    // Once a bar does not fit, the rest is only counted (the refusal says how many).
    if (check.push(bars.ts))
      for (const cut of cuts.split(bars.ts)) {
        const slice = sliceBatch(bars, cut.start, cut.end);
        if (pendingKey !== cut.key) {
          await flush();
          pendingKey = cut.key;
        }
        pending.push(slice);
      }
    hooks.onProgress?.(i + 1, parts.length);
  }
  const refusal = check.refusal(seriesId(from), from.timeframe);
  if (refusal) throw refusal;
  await flush();
  // A cancel during the last flush is still honoured: past here the commit runs to its end.
  if (hooks.signal?.aborted) throw cancelled();
  return { staged, fromGeneration, bars: check.bars };
}

/**
 * The mistakes a relabel request shows before any bar is read: a bad timeframe, the same one, a series
 * the catalog does not have, a target that exists. Returns the new key and the old series' listing.
 */
export async function checkRelabel(
  catalog: Catalog,
  from: SeriesKey,
  raw: string,
): Promise<{ to: SeriesKey; summary: SeriesSummary | undefined }> {
  const parsed = parseTimeframe(raw);
  if ('error' in parsed)
    throw new BarcatError('BAD_INPUT', parsed.error, { reason: 'invalid_name', field: 'timeframe' });
  const to = { ...from, timeframe: parsed.timeframe };
  const id = seriesId(from);
  if (seriesId(to) === id)
    throw new BarcatError('BAD_INPUT', `series ${id} already has timeframe ${to.timeframe}`, {
      reason: 'same_series',
    });
  const listed = await catalog.listSeries();
  const summary = listed.find((s) => s.id === id);
  if (!summary) await catalog.availability(from); // the catalog's own "no such series" error
  if (listed.some((s) => s.id === seriesId(to)))
    throw new BarcatError('DATA', `series ${seriesId(to)} already exists; choose another timeframe`, {
      reason: 'target_exists',
      series: seriesId(to),
    });
  return { to, summary };
}

export async function relabelTimeframe(
  catalog: Catalog,
  from: SeriesKey,
  raw: string,
  opts: { source: string; jobId?: string },
  hooks: RelabelHooks = {},
): Promise<RelabelResult> {
  if (!catalog.relabelSeries || !catalog.writeStaged)
    throw new BarcatError('USAGE', 'this catalog is read-only');
  const { to, summary } = await checkRelabel(catalog, from, raw);
  const checkedEmpty = (await catalog.availability(from)).checkedEmpty;
  const area = await catalog.stagingArea!();
  try {
    const { staged, fromGeneration, bars } = await stageRelabel(catalog, from, to, area, hooks);
    // What the manifest kept besides bars follows: calendar, provider, ranges checked empty.
    const trash = await catalog.relabelSeries(
      from,
      to,
      async () => {
        await catalog.writeStaged!(to, staged, 'skip', {
          source: opts.source,
          ...(summary ? { calendar: summary.calendar } : {}),
        });
        if (summary?.provider && catalog.setProvider) await catalog.setProvider(to, summary.provider);
        if (checkedEmpty.length > 0) await catalog.recordCheckedEmpty(to, checkedEmpty);
      },
      { source: opts.source, fromGeneration, ...(opts.jobId ? { jobId: opts.jobId } : {}) },
    );
    return { to, bars, trashId: trash.id };
  } finally {
    await discardStagingArea(area);
  }
}
