import { promises as fs } from 'node:fs';
import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { ErrorPolicy, ImportProblem } from '../../../../src-shared/domain/import';
import { seriesId } from '../../../../src-shared/domain/series';
import {
  parseTickBarTimeframe,
  type TickPlan,
  type TickVolume,
  tickSeriesId,
} from '../../../../src-shared/domain/ticks';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import {
  type BarBatch,
  type Catalog,
  discardStagingArea,
  type StagingArea,
  type TickWriteResult,
  type WriteResult,
} from '../../catalog/index';
import { type Discovered, discoverFiles, removeDiscovered } from '../detect/discover';
import { hashFile, ImportRegistry, registryKey, unchangedMessage } from '../files/registry';
import { type ReadProgress, readSample } from '../read/read-file';
import { type FileReader, workerReader } from '../readers';
import { STREAM_MIN_BYTES } from '../session/pipeline';
import { TickBarStage } from './tick-bar-stage';
import { planTicks, type TickOptions } from './tick-detect';
import { edgesWithStoredTicks, rebuildEdgeBars } from './tick-edges';
import { readTicksSplit } from './tick-split';
import type { TickReadRequest, TickReadResult, TickReadTimings } from './tick-stream';

/** A file's time per stage, ms: the workers' (summed over ranges) and this thread's read, commit and bar write. */
export interface TickImportTimings extends TickReadTimings {
  readWallMs: number;
  commitMs: number;
  barsWriteMs: number;
}

export interface TickImportRequest {
  paths: string[];
  options: TickOptions;
  onError: ErrorPolicy;
  /** How bars from ticks meet bars already in their series. */
  mode: ConflictMode;
  force: boolean;
}

export type TickFileStatus = 'imported' | 'unchanged' | 'rejected' | 'failed' | 'cancelled';

export interface TickFileResult {
  file: string;
  status: TickFileStatus;
  plan: TickPlan | null;
  tickSeries: string | null;
  barSeries: string | null;
  rowsRead: number;
  rowsInvalid: number;
  ticks: number;
  reordered: number;
  ticksWritten: TickWriteResult | null;
  barsWritten: WriteResult | null;
  volume: TickVolume | null;
  /** First and last tick, µs UTC. */
  first: number | null;
  last: number | null;
  problems: ImportProblem[];
  problemCounts: Record<string, number>;
  message: string;
}

export interface TickImportSummary {
  status: 'done' | 'failed' | 'cancelled';
  files: TickFileResult[];
}

function emptyResult(
  file: string,
  status: TickFileStatus,
  message: string,
  plan: TickPlan | null = null,
): TickFileResult {
  return {
    file,
    status,
    plan,
    tickSeries: plan ? tickSeriesId(plan) : null,
    barSeries: plan?.timeframe ? seriesId({ ...plan, timeframe: plan.timeframe as Timeframe }) : null,
    rowsRead: 0,
    rowsInvalid: 0,
    ticks: 0,
    reordered: 0,
    ticksWritten: null,
    barsWritten: null,
    volume: null,
    first: null,
    last: null,
    problems: [],
    problemCounts: {},
    message,
  };
}

/** Checks the choices a plan carries before any file is read. */
export function checkTickOptions(o: TickOptions): void {
  if (o.timeframe !== undefined) {
    const tf = parseTickBarTimeframe(o.timeframe);
    if ('error' in tf) throw new BarcatError('USAGE', `--timeframe: ${tf.error}`);
    o.timeframe = tf.timeframe;
  }
}

/** The plan of one file: the one given (verbatim), or the one its first lines and the options make. */
export async function tickPlanOf(
  file: string,
  shownName: string,
  o: TickOptions,
): Promise<TickPlan | { refusal: string }> {
  const sample = await readSample(file);
  return planTicks(shownName, sample.text, o);
}

/**
 * Imports tick files (files, folders, zip archives): each is planned, checked against the import
 * registry (same bytes, same plan: nothing to do unless forced), read through in a worker thread
 * (ticks staged day by day, bars built as it goes), then committed: the ticks into their tick
 * series, the bars into a normal bar series whose source names the ticks, price and volume.
 */
export async function runTickImport(
  catalog: Catalog,
  req: TickImportRequest,
  opts: {
    signal?: AbortSignal;
    onProgress?: (file: string, p: ReadProgress) => void;
    reader?: FileReader;
    plan?: TickPlan;
    /** Files from this size are read in two ranges at once (tick-split.ts); tests lower it. */
    splitBytes?: number;
    /** Where each file's time went (the bench prints it). */
    onTimings?: (file: string, t: TickImportTimings) => void;
  } = {},
): Promise<TickImportSummary> {
  checkTickOptions(req.options);
  // A plan given whole (the preview's, --tick-plan) runs verbatim, so its timeframe is checked here.
  const planTf = opts.plan?.timeframe ? parseTickBarTimeframe(opts.plan.timeframe) : undefined;
  if (planTf && 'error' in planTf) throw new BarcatError('USAGE', `the plan's timeframe: ${planTf.error}`);
  const found = await discoverFiles(req.paths, { signal: opts.signal });
  const reader = opts.reader ?? workerReader();
  const registry = await ImportRegistry.open(catalog.dir);
  const files: TickFileResult[] = [];
  try {
    for (const f of found) {
      if (opts.signal?.aborted) {
        files.push(emptyResult(shown(f), 'cancelled', 'import cancelled'));
        continue;
      }
      try {
        files.push(await importOne(catalog, req, f, reader, registry, opts));
      } catch (err) {
        // Cancelled while hashing or reading: nothing of this file was written.
        if (!opts.signal?.aborted) throw err;
        files.push(emptyResult(shown(f), 'cancelled', `${shown(f)}: import cancelled; nothing was written`));
      }
    }
  } finally {
    await removeDiscovered(found);
    await reader.close();
  }
  const status = files.some((r) => r.status === 'cancelled')
    ? 'cancelled'
    : files.some((r) => r.status === 'failed')
      ? 'failed'
      : 'done';
  return { status, files };
}

function shown(f: Discovered): string {
  return f.archive?.label ?? f.file;
}

async function importOne(
  catalog: Catalog,
  req: TickImportRequest,
  f: Discovered,
  reader: FileReader,
  registry: ImportRegistry,
  opts: {
    signal?: AbortSignal;
    onProgress?: (file: string, p: ReadProgress) => void;
    plan?: TickPlan;
    splitBytes?: number;
    onTimings?: (file: string, t: TickImportTimings) => void;
  },
): Promise<TickFileResult> {
  const name = shown(f);
  if (f.refusal) return emptyResult(name, 'failed', `${name} cannot be read: ${f.refusal}`);
  const store = catalog.ticks;
  if (!store) throw new BarcatError('INTERNAL', `catalog ${catalog.dir} keeps no ticks`);
  // A plan the user saw runs as it is: never detected again.
  const planned = opts.plan ?? (await tickPlanOf(f.file, name, req.options));
  if ('refusal' in planned)
    return emptyResult(name, 'rejected', `${name} cannot be imported as ticks: ${planned.refusal}`);
  const plan = planned;
  const tickKey = { venue: plan.venue, symbol: plan.symbol, kind: plan.kind };
  const mapping = { ticks: plan, onError: req.onError };
  // Hashed ahead only when a file of its size was imported before (it may be unchanged, and then is
  // not read through); otherwise it is hashed while it is read: one read.
  const size = (await fs.stat(f.file)).size;
  const known =
    !req.force && registry.importsOfSize(size).length > 0 ? await hashFile(f.file, opts.signal) : null;
  const prior = known ? registry.get(registryKey(known, tickSeriesId(tickKey), mapping)) : undefined;
  if (prior)
    return {
      ...emptyResult(name, 'unchanged', unchangedMessage(name, prior.series, prior.importedAt), plan),
    };
  let area = plan.ticks === 'bars' ? null : await store.stagingArea();
  // Bars are staged by partition as the read builds them, and committed in one write after the ticks.
  const barStage = () => (plan.ticks === 'keep' ? null : TickBarStage.open(catalog, plan));
  let bars: TickBarStage | null = null;
  const t0 = performance.now();
  try {
    bars = await barStage();
    let read: TickReadResult;
    try {
      const request: TickReadRequest = { kind: 'ticks', file: f.file, plan, onError: req.onError, area };
      // A month that cannot be staged stops the read as a cancel does.
      const readOpts = (stage: TickBarStage | null) => ({
        signal: stage ? AbortSignal.any([stage.signal, ...(opts.signal ? [opts.signal] : [])]) : opts.signal,
        onProgress: (p: ReadProgress) => opts.onProgress?.(name, p),
      });
      const split =
        size >= (opts.splitBytes ?? STREAM_MIN_BYTES)
          ? await readTicksSplit(reader, request, size, { ...readOpts(bars), bars })
          : { read: null, staged: false };
      if (!split.read && split.staged) {
        // The ranges staged days and bars: the whole read starts from empty areas.
        if (area) {
          await discardStagingArea(area);
          area = await store.stagingArea();
        }
        await bars?.discard();
        bars = await barStage();
      }
      if (split.read) read = split.read;
      else {
        const stage = bars;
        read = await reader.readTicks(
          { ...request, area },
          { ...readOpts(stage), onBars: stage ? (b, v) => stage.part(0, b, v) : undefined },
        );
        stage?.end(0, read.bars, read.volume);
      }
    } catch (err) {
      // The first month that failed, once every staged write has settled: the read's stop is its.
      const failed = await stagingFailure(bars);
      if (opts.signal?.aborted) return cancelled(name, plan, failed);
      throw failed ?? err;
    }
    const t1 = performance.now();
    // Problems found in the worker name the file as read; the user knows it by its shown name.
    const problems = read.problems.map((p) => ({
      ...p,
      file: name,
      message: p.message.replace(f.file, name),
    }));
    const base = { ...emptyResult(name, 'imported', '', plan), ...pick(read), problems };
    if (read.errors > 0 && req.onError === 'reject') {
      // A month whose write failed after the read ended is thrown, as on the import's other paths
      // (said in the result if the user cancelled meanwhile: a throw would be taken for the cancel).
      const stopped = await afterStagingFailed(bars, name, plan, opts.signal);
      if (stopped) return stopped;
      return {
        ...base,
        status: 'rejected',
        message: `${name}: ${read.errors} rows break the tick rules; nothing was written (first: ${problems[0]?.message})`,
      };
    }
    // Cancelling stops a file up to here; its commit (ticks, then bars) is short and runs to its end.
    if (opts.signal?.aborted) return cancelled(name, plan, await stagingFailure(bars));
    // The hash of what was read and stored: a file changed since it was hashed ahead is recorded as read.
    const sha = read.sha256;
    if (typeof sha !== 'string') throw new BarcatError('INTERNAL', `the read of ${name} returned no sha256`);
    const regKey = registryKey(sha, tickSeriesId(tickKey), mapping);
    const source = `import:${sha.slice(0, 12)}`;
    // The first and last partition's bars, held back from staging: the file's first and last bar.
    const held = bars?.held() ?? null;
    // Every month staged during the read is on disk before the ticks commit, or nothing commits.
    const stopped = await afterStagingFailed(bars, name, plan, opts.signal);
    if (stopped) return stopped;
    // Asked before the commit: which edge bars may take ticks of another file.
    const edges = plan.ticks === 'both' && held ? await edgesWithStoredTicks(catalog, plan, held) : [];
    const ticksWritten = area ? await store.commit(tickKey, area, read.staged, { source }) : null;
    const t2 = performance.now();
    const barsWritten =
      bars && held ? await writeBars(catalog, plan, bars, held, read.volume, req.mode, edges) : null;
    opts.onTimings?.(name, {
      ...read.timings,
      readWallMs: t1 - t0,
      commitMs: t2 - t1,
      barsWriteMs: performance.now() - t2,
    });
    await registry.put({
      key: regKey,
      sha256: sha,
      size: read.bytes,
      file: f.file,
      series: tickSeriesId(tickKey),
      mapping: { ticks: plan },
      status: 'imported',
      rowsWritten: read.ticks,
      firstBar: read.first === null ? null : Math.floor(read.first / 1000),
      lastBar: read.last === null ? null : Math.floor(read.last / 1000),
      importedAt: new Date().toISOString(),
      sessionId: source,
    });
    return {
      ...base,
      ticksWritten,
      barsWritten,
      message: messageOf(name, plan, read, ticksWritten, barsWritten),
    };
  } finally {
    await discardBoth(area, bars);
  }
}

/** Why the first staged month failed, once every staged write has settled; null when none did. */
async function stagingFailure(bars: TickBarStage | null): Promise<unknown> {
  return (
    (await bars?.ready().then(
      () => null,
      (err: unknown) => err,
    )) ?? null
  );
}

/**
 * Once every staged month has settled: a failed one is thrown, or said in a cancelled result when the
 * user cancelled meanwhile (a throw would be taken for the cancel); null when all were written.
 */
async function afterStagingFailed(
  bars: TickBarStage | null,
  name: string,
  plan: TickPlan,
  signal: AbortSignal | undefined,
): Promise<TickFileResult | null> {
  const failed = await stagingFailure(bars);
  if (failed === null) return null;
  if (signal?.aborted) return cancelled(name, plan, failed);
  throw failed;
}

/**
 * A cancelled file (nothing written). A month that could not be staged meanwhile is said: a throw
 * would be taken for the cancel (runTickImport), and a disk error (ENOSPC) must not go unseen.
 */
function cancelled(name: string, plan: TickPlan, failed: unknown): TickFileResult {
  const why =
    failed === null
      ? ''
      : `; staging its bars failed: ${failed instanceof Error ? failed.message : String(failed)}`;
  return emptyResult(name, 'cancelled', `${name}: import cancelled; nothing was written${why}`, plan);
}

/** Removes the ticks' staging area and the bars' whatever the other does; the first failure is thrown after. */
async function discardBoth(area: StagingArea | null, bars: TickBarStage | null): Promise<void> {
  const removed = await Promise.allSettled([area ? discardStagingArea(area) : null, bars?.discard()]);
  for (const r of removed) if (r.status === 'rejected') throw r.reason;
}

function pick(r: TickReadResult) {
  return {
    rowsRead: r.rowsRead,
    rowsInvalid: r.rowsInvalid,
    ticks: r.ticks,
    reordered: r.reordered,
    volume: r.volume,
    first: r.first,
    last: r.last,
    problemCounts: r.problemCounts,
  };
}

/** What a series built from ticks says of its bars: from which ticks, which price, which volume. */
export function tickBarsSource(
  plan: Pick<TickPlan, 'venue' | 'symbol' | 'kind' | 'price'>,
  volume: TickVolume | null,
): string {
  const v = volume === 'size' ? 'volume = summed size' : 'volume = tick count';
  return `ticks:${tickSeriesId(plan)} price=${plan.price} ${v}`;
}

async function writeBars(
  catalog: Catalog,
  plan: TickPlan,
  stage: TickBarStage,
  held: BarBatch,
  volume: TickVolume | null,
  mode: ConflictMode,
  edges: readonly number[],
): Promise<WriteResult> {
  // With the ticks kept, the first and last bar take every stored tick of their time, not only this file's.
  const bars = plan.ticks === 'both' ? await rebuildEdgeBars(catalog, plan, held, volume!, edges) : held;
  return stage.commit(bars, mode, tickBarsSource(plan, volume));
}

function messageOf(
  name: string,
  plan: TickPlan,
  read: TickReadResult,
  t: TickWriteResult | null,
  b: WriteResult | null,
): string {
  const parts = [`${name}: ${read.ticks} ${plan.kind} read`];
  if (read.rowsInvalid > 0) parts.push(`${read.rowsInvalid} bad rows left out`);
  if (read.reordered > 0) parts.push(`${read.reordered} put back in time order`);
  if (t)
    parts.push(
      `${tickSeriesId(plan)}: ${t.written} ticks written, ${t.replaced} replaced, ${t.unchangedDays} days unchanged`,
    );
  if (b)
    parts.push(
      `${seriesId({ ...plan, timeframe: plan.timeframe as Timeframe })} from ${plan.price} (${read.volume === 'size' ? 'volume = summed size' : 'volume = tick count'}): ${b.added} bars added, ${b.replaced} replaced, ${b.skipped} skipped`,
    );
  return parts.join('; ');
}
