import { formatDuration, type HealthProblem } from '../../../src-shared/domain/series-views/health';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/**
 * A health problem in a desktop notification's words: what to do points into the app (its Jobs
 * panel), not at `barcat` commands, which the CLI's wording names.
 */
export function desktopAlertText(p: HealthProblem): string {
  switch (p.code) {
    case 'stale':
      return `Stale: ${formatDuration(p.lagMs)} of trading time behind (allowed ${formatDuration(p.maxLagMs)})`;
    case 'update_failed':
      return `The last update failed${p.message ? `: ${p.message}` : ''}; see it in Jobs`;
    case 'parked':
      return `${p.ranges} range(s) set aside after retries; retry them in Jobs`;
    case 'stalled_job':
      return `A job has reported no progress for ${formatDuration(p.silentMs)}; cancel it in Jobs`;
    case 'quarantined':
      return `A file was taken out of service: ${p.file}${p.reason ? ` (${p.reason})` : ''}`;
    case 'dead_lock':
      return `${p.file} is held by process ${p.pid}, which no longer runs (since ${iso(p.since)})`;
    case 'schedule_overdue':
      return `Its schedule ${p.schedule} is overdue since ${iso(p.due)}`;
  }
}
