import type { Bar } from '../../../../src-shared/domain/bar';
import type { Attempt, Job, JobEvent } from '../../../../src-shared/domain/job';
import type { CheckedEmpty, Interval } from '../../../../src-shared/domain/range';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { nextBarStart } from '../../../../src-shared/domain/timeframe';
import { intersectIntervals, mergeIntervals, subtractIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import { batchFromBars, type Catalog, crashPoint } from '../../catalog/index';
import { ArchiveFileMissing } from '../../providers/binance-archive';
import { ProviderRefusal, ResponseTooLarge } from '../../providers/errors';
import type { SizeLimits } from '../../providers/limits';
import type { Provider } from '../../providers/types';
import { type AttemptRecord, makeCaller, RequestFailed } from '../requests/caller';
import type { Clock } from '../requests/clock';
import type { HostLimiter } from '../requests/limiter';
import { type PlannedRequest, planRequests } from '../requests/planner';
import type { RetryPolicy } from '../requests/retry';
import { addDuplicates, cleanBars, firstOfEachTs } from '../requests/validate';
import type { StoredJob } from './job-store';

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
  /** Overrides of the providers' answer size caps. */
  sizeLimits?: SizeLimits;
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

/** The catalog's gaps inside the given ranges (a series not created yet is one gap). */
export async function gapsIn(
  catalog: Catalog,
  key: ReturnType<typeof parseSeriesId>,
  ranges: Interval[],
): Promise<Interval[]> {
  const targets = mergeIntervals(ranges);
  if (targets.length === 0) return [];
  // One availability over the span, cut to the ranges: a pick of thousands of gaps reads one manifest.
  const span = { from: targets[0]!.from, to: targets.at(-1)!.to };
  try {
    return intersectIntervals((await catalog.availability(key, { range: span })).gaps, targets);
  } catch (err) {
    if (err instanceof BarcatError && err.code === 'NOT_FOUND') return targets;
    throw err;
  }
}

/** Why a job ended failed, and which of its parked requests a retry would send again. */
function parkedMessage(job: Job, stopMessage: string | null): string | null {
  if (job.parked.length === 0) return null;
  const permanent = job.parked.filter((p) => p.permanent).length;
  const retryable = job.parked.length - permanent;
  const base = `${stopMessage ?? job.parked[0]!.error}; ${job.parked.length} requests parked`;
  const retry = `"barcat jobs retry ${job.id}"`;
  if (permanent === 0) return `${base} (retry with ${retry})`;
  if (retryable === 0)
    return `${base}; the source refused them for good, so a retry does not send them again (check the symbol, or pick another provider for the series)`;
  return `${base}; ${permanent} of them the source refused for good are not retried; retry the other ${retryable} with ${retry}`;
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
  // What the source refused for good stays parked: a retry would only repeat the refusal.
  const refused = job.parked.filter((p) => p.permanent);
  job.parked = refused;
  // Exactly the ranges the user picked (clipped to the job's span), or the whole span.
  const targets = stored.request.ranges
    ? intersectIntervals(stored.request.ranges, [job.range])
    : [job.range];
  if (stored.request.forceRecheck) {
    for (const t of targets) await catalog.clearCheckedEmpty(key, t);
    stored.request = { ...stored.request, forceRecheck: false };
  }
  const tf = key.timeframe;
  const gaps = subtractIntervals(
    await gapsIn(catalog, key, targets),
    refused.map((p) => p.range),
  );
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
  // Reported, not fetched: what the picked ranges already hold (bars or checked-empty).
  if (stored.request.ranges)
    summary.alreadyPresent = subtractIntervals(targets, gaps.concat(refused.map((p) => p.range)));
  let buffer: Bar[] = [];
  let empties: Interval[] = [];
  let attemptLog: Attempt[] = [];
  let stopMessage: string | null = null;
  let stopPermanent = false;
  let flushing: Promise<void> = Promise.resolve();

  const countDuplicates = (d: { dropped: number; firstTs: number | null }) => {
    if (d.dropped === 0) return;
    const sum = { dropped: summary.duplicatesDropped ?? 0, firstTs: summary.firstDuplicateTs ?? null };
    addDuplicates(sum, d);
    summary.duplicatesDropped = sum.dropped;
    if (sum.firstTs !== null) summary.firstDuplicateTs = sum.firstTs;
  };
  const flush = async (): Promise<void> => {
    let bars = buffer;
    const emptyNow = empties;
    buffer = [];
    empties = [];
    if (bars.length) {
      // Answers that overlap (pages, archive and REST) may repeat an open time: the first kept, counted.
      const unique = firstOfEachTs(bars);
      countDuplicates(unique.duplicates);
      bars = unique.bars;
      await catalog.write(key, batchFromBars(bars), 'merge', { source: `backfill:${job.id}` });
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
    // Written, the job file not yet saved: a rerun must find the bars in the catalog, not fetch them.
    crashPoint('backfill-written');
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
    const source = req.via === 'archive' ? d.archive! : d.rest;
    const caller = makeCaller({
      fetch: d.fetch,
      clock,
      random: d.random,
      policy: d.policy,
      providerLabel: source.caps.label,
      maxResponseBytes: d.sizeLimits?.maxResponseBytes ?? source.caps.maxResponseBytes,
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
    const q = {
      symbol: key.symbol,
      venue: key.venue,
      timeframe: tf,
      from: req.from,
      to: req.to,
      onSkipped: (n: number) => {
        summary.skippedEmpty = (summary.skippedEmpty ?? 0) + n;
      },
    };
    // Socket providers (Interactive Brokers) pace and wait on the job's clock and stop with it.
    const ctx = { clock, signal, countRequest: () => summary.requests++ };
    try {
      let raw: Bar[];
      try {
        raw = await source.fetchBars(q, caller, ctx);
      } catch (err) {
        // A month not in the archive (yet): the REST API serves it.
        if (!(err instanceof ArchiveFileMissing)) throw err;
        raw = await d.rest.fetchBars(q, caller, ctx);
      }
      const clean = cleanBars(raw, tf, clock.now());
      countDuplicates(clean.duplicates);
      crashPoint('backfill-fetched');
      buffer.push(...clean.bars);
      if (clean.rejected.length) {
        // Bars came but could not be stored: the source has data here, so it is no "no data at
        // source". The valid bars are kept; the range is parked with the reason.
        const why = `${clean.rejected.length} of ${raw.length} bars rejected (${clean.rejected[0]!.problem}); the range is not recorded as empty`;
        log('parked', clean.bars.length, why);
        job.parked.push({
          range: { from: req.from, to: req.to },
          error: why,
          status: null,
          attempts: records.length,
          at: clock.now(),
        });
      } else {
        empties.push(...emptyParts(req, clean.bars, tf, clock.now()));
        log(clean.bars.length ? 'ok' : 'empty', clean.bars.length, null);
      }
      job.progress.requestsDone++;
    } catch (err) {
      if ((err as Error).name === 'AbortError' && (d.signal.aborted || !stopMessage)) throw err;
      const failed =
        err instanceof RequestFailed
          ? err
          : err instanceof ResponseTooLarge
            ? // An archive too big once unpacked: this file only, the other requests go on.
              new RequestFailed(err.message, null, 1, false)
            : new RequestFailed(
                stopMessage ?? (err as Error).message,
                null,
                stopMessage ? 0 : 1,
                true,
                !stopMessage && err instanceof ProviderRefusal && err.permanent,
              );
      log('parked', 0, failed.message);
      job.parked.push({
        range: { from: req.from, to: req.to },
        error: failed.message,
        status: failed.status,
        attempts: failed.attempts,
        at: clock.now(),
        ...(failed.permanent ? { permanent: true } : {}),
      });
      job.progress.requestsDone++;
      if (failed.stopJob && !stopMessage) {
        stopMessage = failed.message;
        stopPermanent = failed.permanent;
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
        ...(stopPermanent ? { permanent: true } : {}),
      });
    await queueFlush();
    job.state = job.parked.length ? 'failed' : 'done';
    summary.message = parkedMessage(job, stopMessage);
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
