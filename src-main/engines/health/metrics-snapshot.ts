// The figures /metrics serves, read from the catalog's manifests and job files at scrape time: they
// survive restarts and agree between the app, the web host and the CLI's jobs (all write the same files).

import { isStalled } from '../../../src-shared/domain/job';
import { DEFAULT_STALL_MS, type HealthCode } from '../../../src-shared/domain/series-views/health';
import { nextBarStart } from '../../../src-shared/domain/timeframe';
import { backfillJobOf, JobStore } from '../backfill/index';
import { type Catalog, shownView } from '../catalog/index';
import { catalogSnapshot, healthReport } from './report';

export interface ProviderFigures {
  requests: number;
  retries: number;
  /** Answers with HTTP 429 (rate limited). */
  rateLimited: number;
  /** Answers with HTTP 418 (address banned for a while). */
  banned: number;
}

export interface MetricsSnapshot {
  series: { id: string; rows: number; lastBarAgeSeconds: number | null; problems: number }[];
  jobs: { kind: string; state: string; count: number }[];
  stalledJobs: number;
  providers: Map<string, ProviderFigures>;
  importRows: Record<'read' | 'added' | 'replaced' | 'removed' | 'skipped' | 'invalid', number>;
  importFiles: Map<string, number>;
  problems: Map<HealthCode, number>;
}

const add = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

export async function metricsSnapshot(
  catalog: Catalog,
  now: number,
  stallMs = DEFAULT_STALL_MS,
): Promise<MetricsSnapshot> {
  // Each manifest and job file read once for the whole scrape: the health checks use the same read.
  const snapshot = await catalogSnapshot(catalog);
  const health = await healthReport(catalog, { now, stallMs, snapshot });
  const summaries = snapshot.series;
  const problemsOf = new Map(health.series.map((s) => [s.id, s.problems.length]));
  const views = snapshot.jobs.map(shownView);
  const jobs = new Map<string, number>();
  for (const v of views) add(jobs, `${v.kind}\u0000${v.state}`);
  const providers = new Map<string, ProviderFigures>();
  const store = new JobStore(catalog.dir);
  for (const file of snapshot.jobs) {
    const job = backfillJobOf(file);
    if (!job?.provider) continue;
    const p = providers.get(job.provider) ?? { requests: 0, retries: 0, rateLimited: 0, banned: 0 };
    p.requests += job.summary?.requests ?? job.progress.requestsDone;
    p.retries += job.summary?.retries ?? 0;
    for (const a of await store.readAttempts(job.id)) {
      if (a.status === 429) p.rateLimited++;
      if (a.status === 418) p.banned++;
    }
    providers.set(job.provider, p);
  }
  const importRows = { read: 0, added: 0, replaced: 0, removed: 0, skipped: 0, invalid: 0 };
  const importFiles = new Map<string, number>();
  for (const v of views)
    for (const f of v.importFiles ?? []) {
      importRows.read += f.rowsRead;
      importRows.added += f.rowsAdded;
      importRows.replaced += f.rowsReplaced;
      importRows.removed += f.rowsRemoved;
      importRows.skipped += f.rowsSkipped;
      importRows.invalid += f.rowsInvalid;
      add(importFiles, f.status);
    }
  const problems = new Map<HealthCode, number>();
  for (const p of [...health.catalog, ...health.series.flatMap((s) => s.problems)]) add(problems, p.code);
  return {
    series: summaries.map((s) => ({
      id: s.id,
      rows: s.rows,
      lastBarAgeSeconds: s.last === null ? null : (now - nextBarStart(s.last, s.timeframe)) / 1000,
      problems: problemsOf.get(s.id) ?? 0,
    })),
    jobs: [...jobs].map(([k, count]) => {
      const [kind, state] = k.split('\u0000') as [string, string];
      return { kind, state, count };
    }),
    stalledJobs: views.filter((v) => isStalled(v, now, stallMs)).length,
    providers,
    importRows,
    importFiles,
    problems,
  };
}
