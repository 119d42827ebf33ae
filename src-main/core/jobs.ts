import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type JobView, JobViewSchema } from '../../src-shared/contract';
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
 * Running and recent jobs as the UI shows them. Finished jobs are kept in jobs.json next to the
 * settings so the panel survives a restart; a job that was running when the app stopped is shown as
 * failed ("interrupted") rather than silently vanishing.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobView>();
  private readonly controllers = new Map<string, AbortController>();
  private seq = 0;

  constructor(
    private readonly file: string | null,
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {
    this.load();
  }

  list(): JobView[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
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
