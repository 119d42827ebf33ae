import type { Group, ScheduleRule, ScheduleView } from '../../../src-shared/domain/job-kinds/schedule';
import { formatTs } from '../../lib/format';

export function ruleWords(r: ScheduleRule): string {
  switch (r.kind) {
    case 'every':
      return `Every ${r.minutes} minutes`;
    case 'hourly':
      return `Every hour at :${String(r.minute).padStart(2, '0')} UTC`;
    case 'daily':
      return `Daily at ${r.at} (${r.timeZone})`;
    case 'session-close':
      return `After each ${r.calendar} session close${r.delayMinutes ? ` + ${r.delayMinutes} min` : ''}`;
  }
}

/** "Next run …", the last outcome, and back-off in words. */
export function stateWords(v: ScheduleView): { next: string; last: string; backoff: string | null } {
  const s = v.state;
  return {
    next:
      v.nextRunAt === null
        ? 'No next run (the calendar has no session ahead)'
        : `Next run ${formatTs(v.nextRunAt)}`,
    last:
      s.lastRunAt === null
        ? 'Not run yet'
        : `Last run ${formatTs(s.lastRunAt)}: ${s.lastOutcome === 'ok' ? 'up to date' : `failed — ${s.lastError ?? ''}`}`,
    backoff: v.backingOff
      ? `Backing off (failed runs in a row: ${s.failures}): not before ${formatTs(s.backoffUntil)}${v.dead ? ' (in the dead-letter list)' : ''}`
      : null,
  };
}

const GROUP_FIELDS = ['venue', 'symbol', 'timeframe', 'provider'] as const;

/** A group's filter in words: "venue BINANCE, timeframe 1h" ("every series" when it has none). */
export function groupWords(g: Group): string {
  const parts = GROUP_FIELDS.filter((k) => g[k] !== undefined).map((k) => `${k} ${g[k]}`);
  return parts.length ? parts.join(', ') : 'every series';
}
