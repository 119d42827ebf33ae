import {
  type BackfillRequest,
  BackfillRequestSchema,
  type Job,
  type JobEvent,
} from '../../../../src-shared/domain/job';
import type { Interval } from '../../../../src-shared/domain/range';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { intersectIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog } from '../../catalog/index';
import { PROVIDER_CAPS } from '../../providers/index';
import type { SizeLimits } from '../../providers/limits';
import type { GetKey } from '../../providers/types';
import { type Clock, systemClock } from '../requests/clock';
import { type PlannedRequest, planRequests } from '../requests/planner';
import { resolveRange } from '../requests/range';
import { DEFAULT_RETRY, type RetryPolicy } from '../requests/retry';
import { isInterrupted, JobStore, newJobId, type StoredJob } from './job-store';
import { gapsIn, runJob } from './runner';
import { limiterRegistry, providersFor } from './setup';
import { workerExecutor } from './worker-executor';

export interface BackfillServiceOptions {
  catalog: Catalog;
  catalogDir: string;
  getKey: GetKey;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  policy?: Partial<RetryPolicy>;
  /** A fixed request rate per host instead of each provider's documented budget. */
  requestsPerSecond?: number;
  /** Archive base URL when the REST base URL is redirected (tests, mirrors). */
  archiveBaseUrl?: string;
  concurrency?: number;
  /** Bars held in memory before a write (default 50,000). */
  flushBars?: number;
  /** Overrides of the providers' answer size caps (see providers/limits.ts). */
  sizeLimits?: SizeLimits;
  /** Run each job in a worker thread (the CLI and app do); default: in this thread. */
  worker?: boolean;
  /** Runs jobs somewhere else entirely (overrides `worker`). */
  runner?: JobExecutor;
}

/** Runs one stored job somewhere (this thread, or a worker) and relays its events. */
export type JobExecutor = (
  stored: StoredJob,
  ctx: { alreadyQueued: Interval[]; signal: AbortSignal; emit(e: JobEvent): void },
) => Promise<Job>;

export interface BackfillService {
  /** What a request would fetch, without fetching. */
  plan(request: BackfillRequest): Promise<{ range: Interval; requests: PlannedRequest[] }>;
  /** Queues a backfill; an interrupted job with the same request is resumed instead of duplicated. */
  start(request: BackfillRequest): Promise<Job>;
  /** Resolves when the job has ended (done, failed or cancelled). */
  wait(id: string): Promise<Job>;
  list(): Promise<Job[]>;
  get(id: string): Promise<Job | undefined>;
  cancel(id: string): Promise<boolean>;
  /** Runs a job's parked (and any still missing) requests again. */
  retryParked(id: string): Promise<Job>;
  /** Re-queues jobs a crash or kill left unfinished. */
  resumeInterrupted(): Promise<Job[]>;
  /** A stalled job: stops its run and starts its request again (only what is still missing is asked). */
  restart(id: string): Promise<Job>;
  onEvent(cb: (e: JobEvent) => void): () => void;
  close(): Promise<void>;
}

function sameRequest(a: BackfillRequest, b: BackfillRequest): boolean {
  return (
    a.series === b.series &&
    a.provider === b.provider &&
    (a.baseUrl ?? '') === (b.baseUrl ?? '') &&
    JSON.stringify(a.ibkr ?? null) === JSON.stringify(b.ibkr ?? null) &&
    JSON.stringify(a.ranges ?? null) === JSON.stringify(b.ranges ?? null)
  );
}

export function createBackfillService(opts: BackfillServiceOptions): BackfillService {
  const clock = opts.clock ?? systemClock;
  const store = new JobStore(opts.catalogDir);
  const policy = { ...DEFAULT_RETRY, ...opts.policy };
  const limiters = limiterRegistry(clock, opts.requestsPerSecond);
  const listeners = new Set<(e: JobEvent) => void>();
  const running = new Map<
    string,
    { controller: AbortController; done: Promise<Job>; range: Interval; series: string }
  >();
  let chain: Promise<unknown> = Promise.resolve();
  const emit = (e: JobEvent) => {
    for (const cb of listeners) cb(e);
  };

  const inProcess: JobExecutor = (stored, ctx) => {
    const { rest, archive } = providersFor(
      stored.request.provider,
      stored.request.baseUrl,
      opts.archiveBaseUrl,
      opts.getKey,
      opts.sizeLimits?.maxUnzippedBytes,
      stored.request.ibkr,
    );
    return runJob({
      catalog: opts.catalog,
      stored,
      save: (s) => store.save(s),
      appendAttempts: (a) => store.appendAttempts(stored.job.id, a),
      rest,
      archive,
      fetch: opts.fetch ?? fetch,
      clock,
      random: opts.random ?? Math.random,
      policy,
      limiterFor: (host) => limiters(stored.request.provider, host),
      signal: ctx.signal,
      emit: ctx.emit,
      alreadyQueued: ctx.alreadyQueued,
      concurrency: opts.concurrency,
      flushBars: opts.flushBars,
      sizeLimits: opts.sizeLimits,
    });
  };
  const pooled =
    !opts.runner && opts.worker
      ? workerExecutor({
          catalogDir: opts.catalogDir,
          getKey: opts.getKey,
          policy,
          clock: opts.clock,
          requestsPerSecond: opts.requestsPerSecond,
          archiveBaseUrl: opts.archiveBaseUrl,
          concurrency: opts.concurrency,
          flushBars: opts.flushBars,
          sizeLimits: opts.sizeLimits,
        })
      : undefined;
  const execute = opts.runner ?? pooled ?? inProcess;

  /** Runs a job; a cancel asked from another process (marker file) aborts it between requests. */
  async function runStored(
    stored: StoredJob,
    controller: AbortController,
    alreadyQueued: Interval[],
  ): Promise<Job> {
    await store.clearCancel(stored.job.id);
    const poll = setInterval(() => {
      if (store.cancelRequested(stored.job.id)) controller.abort();
    }, 250);
    try {
      return await execute(stored, { alreadyQueued, signal: controller.signal, emit });
    } catch (err) {
      // The runner itself broke (a worker crash): the job must not stay "running" forever.
      const latest = (await store.load(stored.job.id)) ?? stored;
      latest.job.state = 'failed';
      latest.job.endedAt = clock.now();
      latest.job.summary = {
        ...(latest.job.summary ?? { requests: 0, retries: 0, barsWritten: 0, checkedEmpty: [], parked: 0 }),
        message: (err as Error).message,
      };
      latest.ownerPid = null;
      await store.save(latest);
      emit({ type: 'state', job: structuredClone(latest.job) });
      return latest.job;
    } finally {
      clearInterval(poll);
      await store.clearCancel(stored.job.id);
    }
  }

  /** Jobs run one after another: the provider budget is shared, and the catalog has one writer. */
  function enqueue(stored: StoredJob): Promise<Job> {
    const controller = new AbortController();
    const others = [...running.values()].filter((r) => r.series === stored.job.series).map((r) => r.range);
    const done = chain.then(async () => {
      if (controller.signal.aborted) {
        stored.job.state = 'cancelled';
        stored.job.endedAt = clock.now();
        stored.ownerPid = null;
        await store.save(stored);
        emit({ type: 'state', job: structuredClone(stored.job) });
        return stored.job;
      }
      stored.ownerPid = process.pid;
      return runStored(stored, controller, intersectIntervals(others, [stored.job.range]));
    });
    const entry = { controller, done, range: stored.job.range, series: stored.job.series };
    running.set(stored.job.id, entry);
    chain = done.catch(() => undefined).finally(() => running.delete(stored.job.id));
    return done;
  }

  async function queueStored(stored: StoredJob): Promise<Job> {
    stored.job.state = 'queued';
    stored.ownerPid = process.pid;
    await store.save(stored);
    emit({ type: 'state', job: structuredClone(stored.job) });
    enqueue(stored).catch(() => undefined);
    return structuredClone(stored.job);
  }

  return {
    async plan(request) {
      const req = BackfillRequestSchema.parse(request);
      const key = parseSeriesId(req.series);
      const { range, ranges } = await resolveRange(opts.catalog, key, req, clock.now());
      const gaps = await gapsIn(opts.catalog, key, ranges ?? [range]);
      const { archive } = providersFor(req.provider, req.baseUrl, opts.archiveBaseUrl, opts.getKey);
      const requests = planRequests({
        gaps,
        timeframe: key.timeframe,
        maxRowsPerRequest: PROVIDER_CAPS[req.provider].maxRowsPerRequest,
        archive: archive ? { before: clock.now(), days: false } : undefined,
      });
      return { range, requests };
    },

    async start(request) {
      const parsed = BackfillRequestSchema.safeParse(request);
      if (!parsed.success)
        throw new BarcatError(
          'BAD_INPUT',
          `backfill request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      const req = parsed.data;
      let key: ReturnType<typeof parseSeriesId>;
      try {
        key = parseSeriesId(req.series);
      } catch (err) {
        throw new BarcatError('BAD_INPUT', (err as Error).message);
      }
      const { range, ranges } = await resolveRange(opts.catalog, key, req, clock.now());
      const resolved: BackfillRequest = { ...req, ...(ranges ? { ranges } : {}) };
      // Same request left unfinished by a crash: resume it rather than start a twin.
      const interrupted = (await store.list()).find(
        (s) =>
          isInterrupted(s) &&
          sameRequest(s.request, resolved) &&
          s.job.range.from === range.from &&
          !running.has(s.job.id),
      );
      if (interrupted) {
        interrupted.job.range = { from: range.from, to: Math.max(range.to, interrupted.job.range.to) };
        return queueStored(interrupted);
      }
      const now = clock.now();
      const job: Job = {
        id: newJobId(now),
        kind: 'backfill',
        state: 'queued',
        series: `${key.venue}:${key.symbol}:${key.timeframe}`,
        provider: req.provider,
        range,
        createdAt: now,
        startedAt: null,
        endedAt: null,
        progress: { requestsDone: 0, requestsTotal: 0, barsWritten: 0, rate: null, etaMs: null },
        parked: [],
        attempts: [],
        summary: null,
      };
      const stored: StoredJob = { job, request: { ...resolved, series: job.series }, ownerPid: process.pid };
      await store.save(stored);
      emit({ type: 'created', job: structuredClone(job) });
      enqueue(stored).catch(() => undefined);
      return structuredClone(job);
    },

    async wait(id) {
      const r = running.get(id);
      if (r) return r.done;
      const s = await store.load(id);
      if (!s) throw new BarcatError('NOT_FOUND', `no job ${id}; "barcat jobs" lists them`);
      return s.job;
    },

    async list() {
      return (await store.list()).map((s) => s.job);
    },

    async get(id) {
      return (await store.load(id))?.job;
    },

    async cancel(id) {
      const r = running.get(id);
      if (r) {
        r.controller.abort();
        await r.done.catch(() => undefined);
        return true;
      }
      const s = await store.load(id);
      if (!s) throw new BarcatError('NOT_FOUND', `no job ${id}; "barcat jobs" lists them`);
      if (s.job.state !== 'queued' && s.job.state !== 'running') return false;
      if (s.job.state === 'running' && !isInterrupted(s)) {
        // Running in another process: it sees the marker between requests and stops itself.
        await store.requestCancel(id);
        return true;
      }
      s.job.state = 'cancelled';
      s.job.endedAt = clock.now();
      s.ownerPid = null;
      await store.save(s);
      emit({ type: 'state', job: structuredClone(s.job) });
      return true;
    },

    async retryParked(id) {
      if (running.has(id)) throw new BarcatError('USAGE', `job ${id} is still running`);
      const s = await store.load(id);
      if (!s) throw new BarcatError('NOT_FOUND', `no job ${id}; "barcat jobs" lists them`);
      if (s.job.state === 'running' && !isInterrupted(s))
        throw new BarcatError('LOCKED', `job ${id} is running in another process (pid ${s.ownerPid})`);
      return queueStored(s);
    },

    async restart(id) {
      const s = await store.load(id);
      if (!s) throw new BarcatError('NOT_FOUND', `no job ${id}; "barcat jobs" lists them`);
      if (s.job.state === 'queued' || s.job.state === 'running') await this.cancel(id);
      return this.start(s.request);
    },

    async resumeInterrupted() {
      const found = (await store.list()).filter((s) => isInterrupted(s) && !running.has(s.job.id));
      return Promise.all(found.map((s) => queueStored(s)));
    },

    onEvent(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },

    async close() {
      for (const r of running.values()) r.controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
      await pooled?.close();
    },
  };
}
