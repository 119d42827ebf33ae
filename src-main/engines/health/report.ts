import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import type { HealthReport, SeriesHealth } from '../../../src-shared/domain/series-views/health';
import { DEFAULT_MAX_LAG_MS, DEFAULT_STALL_MS } from '../../../src-shared/domain/series-views/health';
import { type Catalog, type JobFile, jobsDir, listJobFiles } from '../catalog/index';
import { readSharedSettings } from '../schedule/settings-file';
import {
  HEALTH_CHECKS,
  type HealthCheck,
  type HealthContext,
  lagOf,
  latestUpdates,
  maxLagOf,
} from './checks';
import { scheduleLags } from './schedule-lag';
import { readHealthSettings } from './series-settings';

export interface HealthOptions {
  now: number;
  /** Replaces every series' own max lag and its schedule's (`barcat health --max-lag`). */
  maxLagMs?: number;
  stallMs?: number;
  /** The checks to run; HEALTH_CHECKS unless a caller adds its own. */
  checks?: HealthCheck[];
  /** The catalog's series and jobs as the caller already read them for the same request. */
  snapshot?: CatalogSnapshot;
}

/** What one request reads of a catalog once and shares: its series (manifests) and its job files. */
export interface CatalogSnapshot {
  series: SeriesSummary[];
  jobs: JobFile[];
}

export async function catalogSnapshot(catalog: Catalog): Promise<CatalogSnapshot> {
  return { series: await catalog.listSeries(), jobs: listJobFiles(jobsDir(catalog.dir)) };
}

/** The catalog's health: every check run once, findings grouped per series; healthy when none. */
export async function healthReport(catalog: Catalog, opts: HealthOptions): Promise<HealthReport> {
  const settings = await readHealthSettings(catalog.dir);
  const shared = await readSharedSettings(catalog.dir);
  const snapshot = opts.snapshot ?? (await catalogSnapshot(catalog));
  const notify = new Map(Object.entries(settings.series).map(([id, s]) => [id, s.notify]));
  if (opts.maxLagMs !== undefined) settings.series = {};
  const ctx: HealthContext = {
    catalogDir: catalog.dir,
    now: opts.now,
    series: snapshot.series,
    jobs: snapshot.jobs,
    settings,
    shared,
    // --max-lag replaces every allowance, a schedule's too.
    scheduleLagMs: opts.maxLagMs !== undefined ? new Map() : scheduleLags(shared, snapshot.series),
    defaultMaxLagMs: opts.maxLagMs ?? DEFAULT_MAX_LAG_MS,
    stallMs: opts.stallMs ?? DEFAULT_STALL_MS,
  };
  const findings = (await Promise.all((opts.checks ?? HEALTH_CHECKS).map((c) => c(ctx)))).flat();
  const updates = latestUpdates(ctx.jobs);
  const series: SeriesHealth[] = ctx.series.map((s) => {
    const u = updates.get(s.id)?.view;
    return {
      id: s.id,
      calendar: s.calendar,
      lastBar: s.last,
      lagMs: lagOf(ctx, s),
      maxLagMs: maxLagOf(ctx, s.id),
      notify: notify.get(s.id) === true,
      lastUpdate: u ? { jobId: u.id, state: u.state, at: u.finishedAt ?? u.createdAt } : null,
      problems: findings.filter((f) => f.series === s.id).map((f) => f.problem),
    };
  });
  const known = new Set(ctx.series.map((s) => s.id));
  // A finding about a series no longer listed (a quarantined file of a removed series) is the catalog's.
  const catalogProblems = findings
    .filter((f) => f.series === null || !known.has(f.series))
    .map((f) => f.problem);
  return {
    checkedAt: opts.now,
    healthy: catalogProblems.length === 0 && series.every((s) => s.problems.length === 0),
    series,
    catalog: catalogProblems,
  };
}
