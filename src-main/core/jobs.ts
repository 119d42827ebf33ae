import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type JobView, JobViewSchema } from '../../src-shared/contract';
import { BarcatError } from '../errors';
import type { EventBus } from './events';

const KEEP_FINISHED = 50;
const PROGRESS_EVERY_MS = 200;

export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(done: number, total?: number | null): void;
  update(
    patch: Partial<
      Pick<
        JobView,
        'message' | 'problems' | 'parked' | 'seriesIds' | 'title' | 'unit' | 'maintenance' | 'importFiles'
      >
    >,
  ): void;
  finish(state: 'done' | 'failed' | 'cancelled' | 'parked', message?: string | null): void;
}

/**
 * A kind whose jobs outlive the process and keep their own resumable state (backfill: CATALOG/jobs/,
 * resumed after a crash without re-fetching). It hands the registry its jobs as views and takes
 * cancels and retries of its own ids; `undefined` means "not one of mine".
 */
export interface PersistedKind {
  list(): Promise<JobView[]>;
  cancel(id: string): Promise<boolean | undefined>;
  retry(id: string): Promise<string | undefined>;
}

/**
 * Running and recent jobs as the UI shows them, every kind: the one place jobs are listed, cancelled
 * and retried (the jobs panel, the contract's listJobs/cancelJob/retryParked). Finished jobs are kept in jobs.json next to the
 * settings so the panel survives a restart; a job that was running when the app stopped is shown as
 * failed ("interrupted") rather than silently vanishing.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobView>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly kinds: (() => Promise<PersistedKind>)[] = [];
  private seq = 0;

  constructor(
    private readonly file: string | null,
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
    /** The catalog open now: each job records the one it works on. */
    private readonly catalogDir: () => string | null = () => null,
  ) {
    this.load();
  }

  /** Newest first; with `catalogDir`, that catalog's jobs only (and jobs of unknown catalog). */
  list(catalogDir?: string): JobView[] {
    return [...this.jobs.values()]
      .filter((j) => catalogDir === undefined || j.catalogDir === undefined || j.catalogDir === catalogDir)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): JobView | undefined {
    return this.jobs.get(id);
  }

  cancel(id: string): boolean {
    const c = this.controllers.get(id);
    if (!c) return false;
    c.abort();
    return true;
  }

  /** Adds a kind that keeps its jobs itself (started on first use). */
  attach(kind: () => Promise<PersistedKind>): void {
    this.kinds.push(kind);
  }

  /** Every job of every kind, newest first; a kind that cannot start does not hide the others. */
  async all(): Promise<JobView[]> {
    const persisted = await Promise.all(
      this.kinds.map((k) =>
        k()
          .then((s) => s.list())
          .catch(() => []),
      ),
    );
    return [...this.list(this.catalogDir() ?? undefined), ...persisted.flat()].sort(
      (a, b) => b.createdAt - a.createdAt,
    );
  }

  /** Cancels a job of any kind; false when it is not running (or not known). */
  async cancelAny(id: string): Promise<boolean> {
    if (this.cancel(id)) return true;
    if (this.jobs.has(id)) return false;
    for (const kind of this.kinds) {
      const r = await (await kind()).cancel(id);
      if (r !== undefined) return r;
    }
    throw new BarcatError('NOT_FOUND', `no job ${id}`);
  }

  /** Runs a job's parked failures again; only kinds that park failures (backfill) can. */
  async retry(id: string): Promise<string> {
    const own = this.jobs.get(id);
    if (own) throw new BarcatError('USAGE', `${own.title} has no parked failures to retry; start it again`);
    for (const kind of this.kinds) {
      const r = await (await kind()).retry(id);
      if (r !== undefined) return r;
    }
    throw new BarcatError('NOT_FOUND', `no job ${id}`);
  }

  start(kind: JobView['kind'], title: string, unit: string, seriesIds: string[] = []): JobHandle {
    const id = `${kind}-${this.now().toString(36)}-${(++this.seq).toString(36)}`;
    const startedAt = this.now();
    const job: JobView = {
      id,
      kind,
      title,
      state: 'running',
      createdAt: startedAt,
      finishedAt: null,
      done: 0,
      total: null,
      unit,
      ratePerSec: null,
      etaMs: null,
      message: null,
      problems: [],
      parked: 0,
      seriesIds,
    };
    const catalogDir = this.catalogDir();
    if (catalogDir !== null) job.catalogDir = catalogDir;
    const controller = new AbortController();
    this.jobs.set(id, job);
    this.controllers.set(id, controller);
    this.changed(job);
    let lastEmit = 0;
    return {
      id,
      signal: controller.signal,
      progress: (done, total) => {
        job.done = done;
        if (total !== undefined) job.total = total;
        const elapsed = (this.now() - startedAt) / 1000;
        job.ratePerSec = elapsed > 0.2 ? done / elapsed : null;
        job.etaMs =
          job.ratePerSec && job.total != null && job.ratePerSec > 0
            ? Math.max(0, ((job.total - done) / job.ratePerSec) * 1000)
            : null;
        const t = this.now();
        if (t - lastEmit < PROGRESS_EVERY_MS && done !== job.total) return;
        lastEmit = t;
        this.bus.emit('jobProgress', {
          jobId: id,
          done,
          total: job.total,
          ratePerSec: job.ratePerSec,
          etaMs: job.etaMs,
        });
      },
      update: (patch) => {
        Object.assign(job, patch);
        this.changed(job);
      },
      finish: (state, message) => {
        job.state = state;
        job.finishedAt = this.now();
        job.etaMs = null;
        if (message !== undefined) job.message = message;
        this.controllers.delete(id);
        this.changed(job);
        this.save();
      },
    };
  }

  private changed(job: JobView): void {
    this.bus.emit('jobChanged', { job: { ...job, problems: job.problems.slice(0, 1000) } });
  }

  private load(): void {
    if (!this.file || !existsSync(this.file)) return;
    try {
      const saved = z.array(JobViewSchema).parse(JSON.parse(readFileSync(this.file, 'utf8')));
      for (const j of saved) {
        if (j.state === 'running' || j.state === 'queued') {
          j.state = 'failed';
          j.message = 'interrupted: the app stopped while this job ran; start it again';
        }
        this.jobs.set(j.id, j);
      }
    } catch {
      // A damaged history is not worth failing start-up for; it is rewritten on the next finish.
    }
  }

  private save(): void {
    if (!this.file) return;
    const finished = this.list()
      .filter((j) => j.finishedAt !== null)
      .slice(0, KEEP_FINISHED)
      .map((j) => ({ ...j, problems: j.problems.slice(0, 200) }));
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(finished));
    renameSync(tmp, this.file);
  }
}
