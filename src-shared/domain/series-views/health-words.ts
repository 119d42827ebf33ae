import { formatDuration, type HealthProblem } from './health';

/**
 * A health problem in the app's words (its badge, its notifications in the browser and on the
 * desktop): what to do points into the app, never at `barcat` commands, which the CLI words itself.
 * `at` writes a time the way the caller shows times.
 */
export function healthProblemText(p: HealthProblem, at: (ms: number) => string): string {
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
      return `${p.file} is held by process ${p.pid}, which no longer runs (since ${at(p.since)})`;
    case 'schedule_overdue':
      return `Its schedule is overdue since ${at(p.due)}`;
  }
}
