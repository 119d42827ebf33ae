import type { HealthProblem } from '../../../src-shared/domain/series-views/health';
import { formatDuration, formatTs } from '../../lib/format';

/** The badge's short label: the most pressing problem first. */
export function badgeLabel(problems: readonly HealthProblem[]): string {
  const codes = new Set(problems.map((p) => p.code));
  if (codes.has('update_failed')) return 'failing';
  if (codes.has('stale')) return 'stale';
  if (codes.has('stalled_job')) return 'stalled';
  if (codes.has('parked')) return 'parked';
  if (codes.has('quarantined')) return 'quarantined';
  return 'attention';
}

/** One problem in the renderer's words (main sends only codes and fields). */
export function healthProblemText(p: HealthProblem): string {
  switch (p.code) {
    case 'stale':
      return `Stale: ${formatDuration(p.lagMs)} of trading time behind (allowed ${formatDuration(p.maxLagMs)})`;
    case 'update_failed':
      return `The last update failed${p.message ? `: ${p.message}` : ''}`;
    case 'parked':
      return `${p.ranges} range(s) set aside after retries; retry them in Jobs`;
    case 'stalled_job':
      return `A job has reported no progress for ${formatDuration(p.silentMs)}; cancel it in Jobs`;
    case 'quarantined':
      return `A file was taken out of service: ${p.file}${p.reason ? ` (${p.reason})` : ''}`;
    case 'dead_lock':
      return `${p.file} is held by process ${p.pid}, which no longer runs (since ${formatTs(p.since)})`;
    case 'schedule_overdue':
      return `Its schedule is overdue since ${formatTs(p.due)}`;
  }
}
