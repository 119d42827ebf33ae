// The app's scheduler: while the app is open it runs due schedules of the open catalog, each run one
// job of the registry (kind "schedule", in Jobs like any other). The clock is the core's `now`, so
// tests and the web host's BARCAT_NOW move it; run-due's update lock keeps it from overlapping a
// `barcat update` or `barcat schedule run-due` from cron.
import type { DeadLetter, ScheduleView, SharedSettings } from '../../../src-shared/domain/job-kinds/schedule';
import { describeRule, describeTarget } from '../../../src-shared/domain/job-kinds/schedule';
import { seriesId } from '../../../src-shared/domain/series';
import type { UpdateDeps } from '../../engines/backfill/keep-current/update';
import { findCalendar } from '../../engines/calendars/index';
import { deadLetters, retryDeadLetters } from '../../engines/schedule/dead-letter';
import { sharedBaseUrl, sharedKeys } from '../../engines/schedule/provider-settings';
import { anyDue, type RunDueDeps, type RunOne, runDue, scheduleViews } from '../../engines/schedule/run-due';
import { readSharedSettings } from '../../engines/schedule/settings-file';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext } from './context';
import { parseProviderKey } from './engines';

/** How often the app looks for due schedules; setting a schedule looks at once. */
export const SCHEDULER_TICK_MS = 30_000;

export class AppScheduler {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The run in progress: ticks while it runs do nothing (never two runs at once). */
  private running: Promise<void> | null = null;
  /** A look was asked for while a run was in progress. */
  private again = false;
  private stopped = false;

  constructor(private readonly ctx: CoreContext) {}

  start(): void {
    this.timer ??= setInterval(() => this.poke(), SCHEDULER_TICK_MS);
    this.timer.unref?.();
    this.poke();
  }

  /** No more looks (the app is closing); a run in progress ends as its jobs are cancelled. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
    this.again = false;
  }

  /**
   * Runs what is due now; while a run is in progress it looks again once that run ends (a schedule
   * set meanwhile is not left for the next timer tick). Errors never escape: a bad settings file is
   * shown by listSchedules, a failed run by its job.
   */
  poke(): void {
    if (this.stopped || !this.ctx.catalogs.peek()) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.tick()
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Waits until no run is in progress and none is asked for (tests, close). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  async views(): Promise<{ views: ScheduleView[]; settings: SharedSettings }> {
    const dir = this.ctx.catalogs.get().dir;
    const settings = await readSharedSettings(dir);
    return { views: await scheduleViews(dir, settings, this.calendars(dir), this.ctx.now()), settings };
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const dir = this.ctx.catalogs.get().dir;
    return deadLetters(dir, await this.ctx.backfill(), await readSharedSettings(dir));
  }

  /** Retries the dead-letter list as one job; returns its id at once. */
  async retryDead(): Promise<string> {
    const deps = await this.deps((_s, _keys, run) => run());
    const letters = await deadLetters(deps.catalogDir, await this.ctx.backfill(), deps.settings);
    const job = this.ctx.jobs.start(
      'schedule',
      'Retry dead letters',
      'entries',
      letters.flatMap((l) => l.series),
    );
    job.progress(0, letters.length);
    void retryDeadLetters(letters, await this.ctx.backfill(), deps).then(
      (results) => {
        for (const r of results) if (r.error) job.note(`${r.kind} ${r.id}: ${r.error}`);
        job.progress(results.length, letters.length);
        const bad = results.filter((r) => r.error).length;
        job.finish(bad ? 'failed' : 'done', `${results.length} retried, ${bad} still failing`);
      },
      (err: unknown) => job.finish('failed', (err as Error).message),
    );
    return job.id;
  }

  private calendars(dir: string) {
    return (name: string) => findCalendar(name, dir);
  }

  private async deps(runOne: RunOne): Promise<RunDueDeps> {
    const catalog = this.ctx.catalogs.get();
    const settings = await readSharedSettings(catalog.dir);
    const appKey = async (name: Parameters<UpdateDeps['getKey']>[0]) =>
      parseProviderKey(this.ctx.settings.provider(name).key);
    return {
      catalogDir: catalog.dir,
      settings,
      calendars: this.calendars(catalog.dir),
      now: this.ctx.now,
      runOne,
      onSaved: () => this.ctx.bus.emit('schedulesChanged', {}),
      update: {
        catalog,
        svc: await this.ctx.backfill(),
        getKey: sharedKeys(settings, process.env, appKey),
        // The base URL set in the app's Settings, else the catalog's settings file.
        baseUrlFor: (p) => this.ctx.settings.provider(p).baseUrl ?? sharedBaseUrl(settings, p),
      },
    };
  }

  /** One schedule's run as a job: its series as progress, each failing series a problem line. */
  private readonly runAsJob: RunOne = async (s, keys, run) => {
    const ids = keys.map(seriesId);
    const job = this.ctx.jobs.start(
      'schedule',
      `Keep current: ${describeTarget(s.target)} (${describeRule(s.rule)})`,
      'series',
      ids,
    );
    job.progress(0, ids.length);
    try {
      const outcomes = await run();
      job.progress(outcomes.length, ids.length);
      const bad = outcomes.filter((o) => ['failed', 'error', 'parked', 'cancelled'].includes(o.status));
      for (const o of bad) job.note(`${o.series} ${o.status}${o.message ? `: ${o.message}` : ''}`);
      const written = outcomes.reduce((n, o) => n + (o.job?.progress.barsWritten ?? 0), 0);
      job.finish(bad.length ? 'failed' : 'done', `${outcomes.length} series, ${written} bars written`);
      return outcomes;
    } catch (err) {
      job.finish('failed', (err as Error).message);
      throw err;
    }
  };

  private async tick(): Promise<void> {
    // Nothing due: no backfill service started, no lock taken.
    const dir = this.ctx.catalogs.get().dir;
    if (!(await anyDue(dir, await readSharedSettings(dir), this.calendars(dir), this.ctx.now()))) return;
    try {
      await runDue(await this.deps(this.runAsJob));
    } catch (err) {
      // Another update holds the catalog (cron's run-due): the next tick tries again.
      if (err instanceof BarcatError && err.code === 'LOCKED') return;
      throw err;
    }
  }
}
