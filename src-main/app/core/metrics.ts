// /metrics in the Prometheus text format (prom-client), served by the web host and, when the user
// turns it on, by the app on a local port. A fresh registry per scrape: every figure is read from
// the catalog's files then, so two hosts on one catalog report the same.
import { Gauge, Registry } from 'prom-client';
import type { Catalog } from '../../engines/catalog/index';
import { metricsSnapshot } from '../../engines/health/index';

export interface MetricsText {
  contentType: string;
  body: string;
}

export async function renderMetrics(catalog: Catalog, now: number): Promise<MetricsText> {
  const s = await metricsSnapshot(catalog, now);
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  gauge('barcat_series', 'Series in the catalog').set(s.series.length);
  gauge('barcat_bars_stored', 'Bars stored, all series').set(s.series.reduce((n, x) => n + x.rows, 0));
  const age = gauge('barcat_series_last_bar_age_seconds', 'Seconds since the end of the last bar', [
    'series',
  ]);
  const bars = gauge('barcat_series_bars', 'Bars stored per series', ['series']);
  const problems = gauge('barcat_series_problems', 'Health problems per series (barcat health)', ['series']);
  for (const x of s.series) {
    bars.set({ series: x.id }, x.rows);
    problems.set({ series: x.id }, x.problems);
    if (x.lastBarAgeSeconds !== null) age.set({ series: x.id }, x.lastBarAgeSeconds);
  }
  const health = gauge('barcat_health_problems', 'Health problems by reason code', ['code']);
  for (const [code, n] of s.problems) health.set({ code }, n);
  const jobs = gauge('barcat_jobs', 'Jobs kept in the catalog by kind and state', ['kind', 'state']);
  for (const j of s.jobs) jobs.set({ kind: j.kind, state: j.state }, j.count);
  gauge('barcat_jobs_stalled', 'Running jobs without a progress heartbeat for the stall time').set(
    s.stalledJobs,
  );
  // Sums over the backfill jobs the catalog keeps (older finished jobs are pruned): gauges, not counters.
  const provider = {
    requests: gauge('barcat_provider_requests', 'Provider requests of the kept backfill jobs', ['provider']),
    retries: gauge('barcat_provider_retries', 'Retried provider requests', ['provider']),
    rateLimited: gauge('barcat_provider_rate_limited', 'HTTP 429 answers', ['provider']),
    banned: gauge('barcat_provider_banned', 'HTTP 418 answers (address banned)', ['provider']),
  };
  for (const [name, f] of s.providers)
    for (const key of ['requests', 'retries', 'rateLimited', 'banned'] as const)
      provider[key].set({ provider: name }, f[key]);
  const rows = gauge('barcat_import_rows', 'Rows of the kept import jobs by outcome', ['outcome']);
  for (const [outcome, n] of Object.entries(s.importRows)) rows.set({ outcome }, n);
  const files = gauge('barcat_import_files', 'Files of the kept import jobs by status (rejected: refused)', [
    'status',
  ]);
  for (const [status, n] of s.importFiles) files.set({ status }, n);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
