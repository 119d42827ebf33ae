import type { Bar } from '../../src-shared/domain/bar';
import type { Attempt, Job, JobEvent } from '../../src-shared/domain/job';
import type { CheckedEmpty, Interval } from '../../src-shared/domain/range';
import { parseSeriesId } from '../../src-shared/domain/series';
import { nextBarStart } from '../../src-shared/domain/timeframe';
import { mergeIntervals, subtractIntervals } from '../../src-shared/time/intervals';
import type { Catalog } from '../catalog/types';
import { BarcatError } from '../errors';
import { ArchiveFileMissing } from '../providers/binance-archive';
import type { Provider } from '../providers/types';
import { type AttemptRecord, makeCaller, RequestFailed } from './caller';
import type { Clock } from './clock';
import type { StoredJob } from './job-store';
import type { HostLimiter } from './limiter';
import { type PlannedRequest, planRequests } from './planner';
import type { RetryPolicy } from './retry';
import { cleanBars, toBatch } from './validate';

export interface RunDeps {
  catalog: Catalog;
  stored: StoredJob;
  save(stored: StoredJob): Promise<void>;
  appendAttempts(attempts: Attempt[]): Promise<void>;
  rest: Provider;
  /** Archive files for whole past months, when the provider has them and the user did not redirect it. */
  archive?: Provider;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  policy: RetryPolicy;
  limiterFor(host: string): HostLimiter;
  signal: AbortSignal;
  emit(e: JobEvent): void;
  /** Ranges of this series other unfinished jobs cover. */
  alreadyQueued: Interval[];
  concurrency?: number;
  /** Bars held in memory before a write. */
  flushBars?: number;
}

// Ranges ending this close to now may just not be published yet: never recorded as empty.
const RECENT_MS = 10 * 60_000;

/** Slots of [from, to) that the answer did not fill: what the source has no bars for. */
function emptyParts(
  req: PlannedRequest,
  bars: Bar[],
  tf: Parameters<typeof nextBarStart>[1],
  now: number,
): Interval[] {
  const end = Math.min(req.to, now - RECENT_MS);
  if (end <= req.from) return [];
  const covered = mergeIntervals(bars.map((b) => ({ from: b.ts, to: nextBarStart(b.ts, tf) })));
  return subtractIntervals([{ from: req.from, to: end }], covered);
}

async function gapsOf(
  catalog: Catalog,
  key: ReturnType<typeof parseSeriesId>,
  range: Interval,
): Promise<Interval[]> {
  try {
    return (await catalog.availability(key, { range })).gaps.map((g) => ({ from: g.from, to: g.to }));
  } catch (err) {
    if (err instanceof BarcatError && err.code === 'NOT_FOUND') return [range];
    throw err;
  }
}

/**
 * Runs one backfill job to its end: re-plans from the catalog's gaps (so a resumed job never fetches
 * what was already written), fetches, validates, writes in merge mode, records empty answers.
 */
export async function runJob(d: RunDeps): Promise<Job> {
  const { catalog, clock } = d;
  const stored = d.stored;
  const job = stored.job;
  const key = parseSeriesId(job.series);
  const startedRun = clock.now();
  job.state = 'running';
  job.startedAt ??= startedRun;
  job.endedAt = null;
  job.parked = [];
  if (stored.request.forceRecheck) {
    await catalog.clearCheckedEmpty(key, job.range);
    stored.request = { ...stored.request, forceRecheck: false };
  }
  const tf = key.timeframe;
  const gaps = await gapsOf(catalog, key, job.range);
  const useArchive = d.archive ? { before: clock.now(), days: false } : undefined;
  const plan = planRequests({
    gaps,
    timeframe: tf,
    maxRowsPerRequest: d.rest.caps.maxRowsPerRequest,
    alreadyQueued: d.alreadyQueued,
    archive: useArchive,
  });
  const doneBefore = job.progress.requestsDone;
  job.progress.requestsTotal = doneBefore + plan.length;
  await d.save(stored);
  d.emit({ type: 'state', job: structuredClone(job) });

  const summary = job.summary ?? {
    requests: 0,
    retries: 0,
    barsWritten: 0,
    checkedEmpty: [],
    parked: 0,
    message: null,
  };
  summary.message = null;
  let buffer: Bar[] = [];
  let empties: Interval[] = [];
  let attemptLog: Attempt[] = [];
  let stopMessage: string | null = null;
  let flushing: Promise<void> = Promise.resolve();

  const flush = async (): Promise<void> => {
    const bars = buffer;
    const emptyNow = empties;
    buffer = [];
    empties = [];
    if (bars.length) {
      bars.sort((a, b) => a.ts - b.ts);
      await catalog.write(key, toBatch(bars), 'merge', { source: `backfill:${job.id}` });
      job.progress.barsWritten += bars.length;
      summary.barsWritten += bars.length;
    }
    if (emptyNow.length) {
      const at = clock.now();
      const merged = mergeIntervals(emptyNow);
      const ranges: CheckedEmpty[] = merged.map((r) => ({ ...r, provider: d.rest.caps.name, checkedAt: at }));
      await catalog.recordCheckedEmpty(key, ranges);
      summary.checkedEmpty = mergeIntervals([...summary.checkedEmpty, ...merged]);
    }
    const logged = attemptLog;
    attemptLog = [];
    await d.appendAttempts(logged);
    job.attempts = [...job.attempts, ...logged].slice(-50);
    job.summary = { ...summary, parked: job.parked.length };
    await d.save(stored);
    d.emit({ type: 'progress', jobId: job.id, progress: { ...job.progress } });
    if (bars.length) d.emit({ type: 'seriesChanged', jobId: job.id, series: job.series });
  };
  const queueFlush = (): Promise<void> => {
    flushing = flushing.then(flush);
    // Handled here and awaited at the end: a write failure fails the job there.
    flushing.catch(() => undefined);
    return flushing;
  };

  // A stop (bad key, 451, a long ban) also wakes requests already waiting for budget.
  const stopCtl = new AbortController();
  const signal = AbortSignal.any([d.signal, stopCtl.signal]);

  const runOne = async (req: PlannedRequest): Promise<void> => {
    const records: AttemptRecord[] = [];
    const caller = makeCaller({
      fetch: d.fetch,
      clock,
      random: d.random,
      policy: d.policy,
      providerLabel: (req.via === 'archive' ? d.archive! : d.rest).caps.label,
      limiterFor: d.limiterFor,
      signal,
      onAttempt: (a) => {
        records.push(a);
        summary.requests++;
        if (a.outcome === 'retry') summary.retries++;
      },
    });
    const log = (outcome: Attempt['outcome'], bars: number, message: string | null) => {
      for (const r of records)
        attemptLog.push({
          at: clock.now(),
          range: { from: req.from, to: req.to },
          attempt: r.attempt,
          status: r.status,
          outcome: r.outcome === 'retry' ? 'retry' : outcome,
          bars: r.outcome === 'ok' ? bars : 0,
          waitMs: r.waitMs,
          message: r.message ?? message,
        });
    };
    const q = { symbol: key.symbol, timeframe: tf, from: req.from, to: req.to };
    try {
      let raw: Bar[];
      try {
        raw = await (req.via === 'archive' ? d.archive! : d.rest).fetchBars(q, caller);
      } catch (err) {
        // A month not in the archive (yet): the REST API serves it.
        if (!(err instanceof ArchiveFileMissing)) throw err;
        raw = await d.rest.fetchBars(q, caller);
      }
      const clean = cleanBars(raw, tf, clock.now());
      buffer.push(...clean.bars);
      empties.push(...emptyParts(req, clean.bars, tf, clock.now()));
      log(
        clean.bars.length ? 'ok' : 'empty',
        clean.bars.length,
        clean.rejected.length
          ? `${clean.rejected.length} bars rejected: ${clean.rejected[0]!.problem}`
          : null,
      );
      job.progress.requestsDone++;
    } catch (err) {
      if ((err as Error).name === 'AbortError' && (d.signal.aborted || !stopMessage)) throw err;
      const failed =
        err instanceof RequestFailed
          ? err
          : new RequestFailed(stopMessage ?? (err as Error).message, null, stopMessage ? 0 : 1, true);
      log('parked', 0, failed.message);
      job.parked.push({
        range: { from: req.from, to: req.to },
        error: failed.message,
        status: failed.status,
        attempts: failed.attempts,
        at: clock.now(),
      });
      job.progress.requestsDone++;
      if (failed.stopJob) {
        stopMessage ??= failed.message;
        stopCtl.abort();
      }
    }
    const elapsed = (clock.now() - startedRun) / 1000;
    const doneNow = job.progress.requestsDone - doneBefore;
    job.progress.rate = elapsed > 0 ? doneNow / elapsed : null;
    const left = job.progress.requestsTotal - job.progress.requestsDone;
    job.progress.etaMs = job.progress.rate ? Math.round((left / job.progress.rate) * 1000) : null;
    // Writes overlap the next requests; the end of the job waits for them.
    if (buffer.length >= (d.flushBars ?? 50_000)) void queueFlush();
    else d.emit({ type: 'progress', jobId: job.id, progress: { ...job.progress } });
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length && !stopMessage) {
      const req = plan[next++]!;
      await runOne(req);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, d.concurrency ?? 1) }, worker));
    // A stop (bad key, 451) leaves the rest unrun: park it so one retry call picks it all up.
    for (const req of plan.slice(next))
      job.parked.push({
        range: { from: req.from, to: req.to },
        error: stopMessage ?? 'not run',
        status: null,
        attempts: 0,
        at: clock.now(),
      });
    await queueFlush();
    job.state = job.parked.length ? 'failed' : 'done';
    summary.message = job.parked.length
      ? `${stopMessage ?? job.parked[0]!.error}; ${job.parked.length} requests parked (retry with "barcat jobs retry ${job.id}")`
      : null;
  } catch (err) {
    await flushing.catch(() => undefined);
    // Keep what was fetched before a cancel; a crash of the write itself is reported as such.
    if ((err as Error).name === 'AbortError') {
      await flush().catch(() => undefined);
      job.state = 'cancelled';
      summary.message = 'cancelled';
    } else {
      job.state = 'failed';
      summary.message = err instanceof Error ? err.message : String(err);
    }
  }
  job.endedAt = clock.now();
  job.summary = { ...summary, parked: job.parked.length };
  stored.ownerPid = null;
  await d.save(stored);
  d.emit({ type: 'state', job: structuredClone(job) });
  return job;
}
