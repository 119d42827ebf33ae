import {
  formatDuration,
  type HealthProblem,
  type HealthReport,
} from '../../../../src-shared/domain/series-views/health';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** One problem in plain words (the CLI's wording of the health reason codes). */
export function problemWords(p: HealthProblem): string {
  switch (p.code) {
    case 'stale':
      return `stale: ${formatDuration(p.lagMs)} of session time behind (allowed ${formatDuration(p.maxLagMs)})`;
    case 'update_failed':
      return `last update failed (job ${p.jobId})${p.message ? `: ${p.message}` : ''}`;
    case 'parked':
      return `${p.ranges} parked range(s) in job ${p.jobId}; "barcat jobs retry ${p.jobId}" runs them again`;
    case 'stalled_job':
      return `job ${p.jobId} stalled: no progress for ${formatDuration(p.silentMs)}; "barcat jobs cancel ${p.jobId}" stops it`;
    case 'quarantined':
      return `quarantined file ${p.file}${p.reason ? ` (${p.reason})` : ''}`;
    case 'dead_lock':
      return `${p.file} held by pid ${p.pid}, which no longer runs (since ${iso(p.since)}); the next write breaks it`;
    case 'schedule_overdue':
      return `schedule ${p.schedule} overdue since ${iso(p.due)}`;
  }
}

/** One line per series (ok, or its problems), then the catalog's problems, then a verdict. */
export function healthText(r: HealthReport): string {
  const lines: string[] = [];
  for (const s of r.series) {
    const lag = s.lagMs === null ? 'no bars' : `${formatDuration(s.lagMs)} behind`;
    const head = `${s.id} (${s.calendar}, last bar ${s.lastBar === null ? 'none' : iso(s.lastBar)}, ${lag})`;
    if (s.problems.length === 0) lines.push(`${head}: ok`);
    else for (const p of s.problems) lines.push(`${head}: ${problemWords(p)}`);
  }
  for (const p of r.catalog) lines.push(`catalog: ${problemWords(p)}`);
  const bad = r.series.filter((s) => s.problems.length > 0).length;
  lines.push(
    r.healthy
      ? `healthy: ${r.series.length} series`
      : `needs attention: ${bad} of ${r.series.length} series, ${r.catalog.length} catalog problem(s)`,
  );
  return `${lines.join('\n')}\n`;
}
