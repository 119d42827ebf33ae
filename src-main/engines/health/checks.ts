// The checks `barcat health`, /metrics and the app's badge share. Each is a small function from the
// catalog's state to findings; HEALTH_CHECKS lists them.

import { isStalled } from '../../../src-shared/domain/job';
import type { SharedSettings } from '../../../src-shared/domain/job-kinds/schedule';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import type { HealthProblem } from '../../../src-shared/domain/series-views/health';
import { updateLockPath } from '../backfill/keep-current/update-lock';
import { findCalendar } from '../calendars/index';
import { deadLockHolder, type JobFile, listQuarantined, shownView, writerLockPath } from '../catalog/index';
import { scheduleViews } from '../schedule/run-due';
import type { HealthSettings } from './series-settings';
import { sessionLagMs } from './session-lag';

export interface HealthContext {
  catalogDir: string;
  now: number;
  series: SeriesSummary[];
  /** The catalog's job files, newest first. */
  jobs: JobFile[];
  settings: HealthSettings;
  /** The catalog's settings file (schedules, groups), read once per check. */
  shared: SharedSettings;
  /** What each scheduled series' schedule allows (its interval and one bar), used before the default. */
  scheduleLagMs: Map<string, number>;
  /** For series with neither their own maxLagMs nor a schedule. */
  defaultMaxLagMs: number;
  stallMs: number;
}

/** A problem of one series (its id), or of the catalog as a whole (null). */
export interface Finding {
  series: string | null;
  problem: HealthProblem;
}

export type HealthCheck = (ctx: HealthContext) => Promise<Finding[]>;

export function maxLagOf(ctx: HealthContext, id: string): number {
  return ctx.settings.series[id]?.maxLagMs ?? ctx.scheduleLagMs.get(id) ?? ctx.defaultMaxLagMs;
}

/** Session-time lag of a series, or null when it has no bars (nothing to be behind). */
export function lagOf(ctx: HealthContext, s: SeriesSummary): number | null {
  if (s.last === null) return null;
  // A calendar whose file went missing is judged around the clock rather than not at all.
  const cal = findCalendar(s.calendar, ctx.catalogDir) ?? findCalendar('24x7')!;
  return sessionLagMs(cal, s.timeframe, s.last, ctx.now);
}

const staleSeries: HealthCheck = async (ctx) =>
  ctx.series.flatMap((s) => {
    const lagMs = lagOf(ctx, s);
    const maxLagMs = maxLagOf(ctx, s.id);
    return lagMs !== null && lagMs > maxLagMs
      ? [{ series: s.id, problem: { code: 'stale', lastBar: s.last, lagMs, maxLagMs } as const }]
      : [];
  });

/** The newest backfill job of each series, as shown (a dead process's open job reads as failed). */
export function latestUpdates(jobs: JobFile[]): Map<string, JobFile> {
  const out = new Map<string, JobFile>();
  for (const f of jobs)
    if (f.view.kind === 'backfill')
      for (const id of f.view.seriesIds) if (!out.has(id)) out.set(id, { ...f, view: shownView(f) });
  return out;
}

const lastUpdateFailed: HealthCheck = async (ctx) =>
  [...latestUpdates(ctx.jobs)]
    .filter(([, f]) => f.view.state === 'failed')
    .map(([series, f]) => ({
      series,
      problem: { code: 'update_failed', jobId: f.view.id, message: f.view.message } as const,
    }));

const parkedFailures: HealthCheck = async (ctx) =>
  ctx.jobs
    .filter((f) => f.view.state === 'parked' && f.view.parked > 0)
    .flatMap((f) =>
      f.view.seriesIds.map((series) => ({
        series,
        problem: { code: 'parked', jobId: f.view.id, ranges: f.view.parked } as const,
      })),
    );

const stalledJobs: HealthCheck = async (ctx) =>
  ctx.jobs
    .map(shownView)
    .filter((v) => isStalled(v, ctx.now, ctx.stallMs))
    .flatMap((v): Finding[] => {
      const problem = {
        code: 'stalled_job',
        jobId: v.id,
        silentMs: ctx.now - (v.heartbeatAt ?? v.createdAt),
      } as const;
      return v.seriesIds.length > 0
        ? v.seriesIds.map((series) => ({ series, problem }))
        : [{ series: null, problem }];
    });

const quarantinedFiles: HealthCheck = async (ctx) =>
  (await listQuarantined(ctx.catalogDir)).map((q) => ({
    series: q.series,
    problem: { code: 'quarantined', file: q.file, reason: q.reason } as const,
  }));

const deadLocks: HealthCheck = async (ctx) => {
  const out: Finding[] = [];
  for (const [file, full] of [
    ['.lock', writerLockPath(ctx.catalogDir)],
    ['jobs/update.lock', updateLockPath(ctx.catalogDir)],
  ] as const) {
    const holder = await deadLockHolder(full);
    if (holder)
      out.push({
        series: null,
        problem: { code: 'dead_lock', file, pid: holder.pid, since: holder.startedAt },
      });
  }
  return out;
};

/** How long past its due time a schedule may wait (the app polls each 30 s; a run may queue behind another). */
export const OVERDUE_GRACE_MS = 15 * 60_000;

/** Schedules that should have run by now: the app was closed and no cron job runs `schedule run-due`. */
const overdueSchedules: HealthCheck = async (ctx) => {
  const calendars = (name: string) => findCalendar(name, ctx.catalogDir);
  return (await scheduleViews(ctx.catalogDir, ctx.shared, calendars, ctx.now))
    .filter((v) => v.nextRunAt !== null && ctx.now - v.nextRunAt > OVERDUE_GRACE_MS)
    .map((v) => ({
      series: 'series' in v.schedule.target ? v.schedule.target.series : null,
      problem: { code: 'schedule_overdue', due: v.nextRunAt as number, schedule: v.schedule.id } as const,
    }));
};

/** Every check, in report order. A check appended here is reported everywhere. */
export const HEALTH_CHECKS: HealthCheck[] = [
  staleSeries,
  lastUpdateFailed,
  parkedFailures,
  stalledJobs,
  quarantinedFiles,
  deadLocks,
  overdueSchedules,
];
