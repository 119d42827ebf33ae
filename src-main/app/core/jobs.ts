import { existsSync, readFileSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { type JobView, JobViewSchema } from '../../../src-shared/contract';
import { isStalled } from '../../../src-shared/domain/job';
import { DEFAULT_STALL_MS } from '../../../src-shared/domain/series-views/health';
import {
  interruptedView,
  isOpen,
  type JobFile,
  jobFilePath,
  jobsDir,
  listJobFiles,
  pruneJobFiles,
  shownView,
  writeJobFile,
} from '../../engines/catalog/index';
import { BarcatError } from '../../plumbing/errors';
import type { EventBus } from './events';

const PROGRESS_EVERY_MS = 200;
/** A running job's heartbeat reaches its file this often, so other processes (barcat jobs, health) see it. */
const HEARTBEAT_SAVE_MS = 5000;

export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(done: number, total?: number | null): void;
  update(
    patch: Partial<
      Pick<
        JobView,
        | 'message'
        | 'problems'
        | 'parked'
        | 'seriesIds'
        | 'title'
        | 'unit'
        | 'maintenance'
        | 'importFiles'
        | 'notes'
      >
    >,
  ): void;
  finish(state: 'done' | 'failed' | 'cancelled' | 'parked', message?: string | null): void;
  /** Adds a line to the job's messages, also after it ended (background work it started). */
  note(line: string): void;
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
  /** Stops a (stalled) job and starts it again from what is stored; undefined: not one of mine. */
  restart?(id: string): Promise<string | undefined>;
}

/** Problem lines a job file keeps (the panel shows up to 1,000 while the job runs). */
const SAVED_PROBLEMS = 200;

/**
 * Running and recent jobs of the open catalog as the UI shows them, every kind: the one place jobs
 * are listed, cancelled and retried (the jobs panel, the contract's listJobs/cancelJob/retryParked).
 * Every job is one file in the catalog it belongs to (catalog/disk/job-files.ts). The kinds run here are
 * loaded when a catalog opens; a job that was running when its process died is shown, and saved, as
 * failed ("interrupted"). Kinds that resume after a crash (backfill) list their own files.
 */
export class JobRegistry {
  /** The open catalog's jobs of the kinds run here. */
  private jobs = new Map<string, JobView>();
  /** Jobs running in this process, whichever catalog they belong to: a switch does not stop them. */
  private readonly running = new Map<string, { job: JobView; controller: AbortController }>();
  private readonly kinds: (() => Promise<PersistedKind>)[] = [];
  /** The open catalog's folder. */
  private catalogDir: string | null = null;
  private seq = 0;

  constructor(
    /** dataDir/jobs.json of versions that kept one history for every catalog; null: none. */
    private readonly legacyFile: string | null,
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
    /** A running job silent this long is shown as stalled. */
    private readonly stallMs: number = DEFAULT_STALL_MS,
  ) {}

  /** The view with `stalled` set when the job has been silent past the stall time. */
  private marked(view: JobView): JobView {
    return isStalled(view, this.now(), this.stallMs) ? { ...view, stalled: true } : view;
  }

  /** Shows the jobs of the catalog being opened (jobs belong to their catalog), pruning the oldest. */
  open(catalogDir: string): void {
    const dir = jobsDir(catalogDir);
    this.migrate(dir);
    pruneJobFiles(dir);
    const jobs = new Map<string, JobView>();
    for (const f of listJobFiles(dir)) {
      if (f.resume !== undefined) continue;
      const live = this.running.get(f.view.id);
      if (live) {
        jobs.set(f.view.id, live.job);
        continue;
      }
      const view = shownView(f);
      // Saved as interrupted, so every reader agrees even if the dead process's id is reused.
      if (view !== f.view) writeJobFile(dir, { view, ownerPid: null });
      jobs.set(view.id, view);
    }
    // Switched only once loaded: an error above leaves the registry on the catalog it had.
    this.catalogDir = catalogDir;
    this.jobs = jobs;
  }

  list(): JobView[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): JobView | undefined {
    return this.jobs.get(id);
  }

  cancel(id: string): boolean {
    const r = this.running.get(id);
    if (!r) return false;
    r.controller.abort();
    return true;
  }

  /** Cancels every job running in this process, of any catalog (the app is closing). */
  cancelRunning(): void {
    for (const r of this.running.values()) r.controller.abort();
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
    return [...this.list(), ...persisted.flat()]
      .map((v) => this.marked(v))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Cancels a job of any kind; false when it is not running (or not known). */
  async cancelAny(id: string): Promise<boolean> {
    if (this.cancel(id)) return true;
    if (this.jobs.has(id)) return false;
    return this.askKinds(id, (kind) => kind.cancel(id));
  }

  /** Runs a job's parked failures again; only kinds that park failures (backfill) can. */
  async retry(id: string): Promise<string> {
    const own = this.jobs.get(id);
    if (own) throw new BarcatError('USAGE', `${own.title} has no parked failures to retry; start it again`);
    return this.askKinds(id, (kind) => kind.retry(id));
  }

  /** Resumes a stalled job: only kinds that keep their progress (backfill) can; the new job's id. */
  async restart(id: string): Promise<string> {
    const own = this.jobs.get(id);
    if (own) throw new BarcatError('USAGE', `${own.title} cannot be resumed; cancel it and start it again`);
    return this.askKinds(id, (kind) => kind.restart?.(id));
  }

  /** Asks each kind in turn about a job not run here: the first answer; NOT_FOUND when no kind knows it. */
  private async askKinds<T>(
    id: string,
    ask: (kind: PersistedKind) => Promise<T | undefined> | undefined,
  ): Promise<T> {
    for (const kind of this.kinds) {
      const r = await ask(await kind());
      if (r !== undefined) return r;
    }
    throw new BarcatError('NOT_FOUND', `no job ${id}`);
  }

  /** Starts a job in the open catalog; its file is written now, on each update and when it ends. */
  start(kind: JobView['kind'], title: string, unit: string, seriesIds: string[] = []): JobHandle {
    const catalogDir = this.catalogDir;
    if (!catalogDir) throw new BarcatError('NOT_FOUND', 'no catalog is open; open or create one first');
    const dir = jobsDir(catalogDir);
    // The pid keeps ids apart when two processes (the app, a web host) start jobs in one catalog in the same ms.
    const id = `${kind}-${this.now().toString(36)}-${process.pid.toString(36)}-${(++this.seq).toString(36)}`;
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
      catalogDir,
      heartbeatAt: startedAt,
    };
    const controller = new AbortController();
    // Only the open catalog's jobs are shown: one of a catalog switched away from runs on unseen.
    const shown = () => this.catalogDir === catalogDir;
    const changed = () => {
      if (shown()) this.bus.emit('jobChanged', { job: { ...job, problems: job.problems.slice(0, 1000) } });
    };
    const save = () => {
      const file: JobFile = {
        view: { ...job, problems: job.problems.slice(0, SAVED_PROBLEMS) },
        ownerPid: this.running.has(id) ? process.pid : null,
      };
      try {
        writeJobFile(dir, file);
      } catch (err) {
        // The job itself is not harmed; the panel says its record could not be kept.
        job.problems.unshift(`this job could not be saved in ${dir}: ${(err as Error).message}`);
      }
    };
    writeJobFile(dir, { view: job, ownerPid: process.pid });
    this.running.set(id, { job, controller });
    this.jobs.set(id, job);
    changed();
    let lastEmit = 0;
    let lastSaved = startedAt;
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
        job.heartbeatAt = t;
        if (t - lastSaved >= HEARTBEAT_SAVE_MS) {
          lastSaved = t;
          save();
        }
        if (t - lastEmit < PROGRESS_EVERY_MS && done !== job.total) return;
        lastEmit = t;
        if (!shown()) return;
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
        save();
        changed();
      },
      note: (line) => {
        job.problems.push(line);
        save();
        changed();
      },
      finish: (state, message) => {
        job.state = state;
        job.finishedAt = this.now();
        job.etaMs = null;
        if (message !== undefined) job.message = message;
        this.running.delete(id);
        save();
        changed();
        try {
          for (const gone of pruneJobFiles(dir)) if (shown()) this.jobs.delete(gone);
        } catch {
          // Old files that cannot be removed now are pruned again when the catalog next opens.
        }
      },
    };
  }

  /** The one history older versions kept in dataDir/jobs.json moves into the catalog open at the time, once. */
  private migrate(dir: string): void {
    const file = this.legacyFile;
    if (!file || !existsSync(file)) return;
    let saved: JobView[];
    try {
      saved = z.array(JobViewSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      // A damaged history is not worth failing start-up for; it stays where it is, untouched.
      return;
    }
    for (const view of saved)
      if (!existsSync(jobFilePath(dir, view.id)))
        writeJobFile(dir, { view: isOpen(view.state) ? interruptedView(view) : view, ownerPid: null });
    renameSync(file, `${file}.migrated`);
  }
}
