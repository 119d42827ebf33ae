import {
  type DeadLetter,
  describeRule,
  describeTarget,
  type RetryResult,
  type ScheduleView,
} from '../../../../src-shared/domain/job-kinds/schedule';
import type { ScheduleRun } from '../../../engines/schedule/run-due';

const iso = (t: number) => new Date(t).toISOString().replace(/:00\.000Z$/, 'Z');

/** One line per schedule: what, when next, how the last run went, and any back-off. */
export function schedulesText(views: ScheduleView[]): string {
  if (views.length === 0) return 'no schedules; "barcat schedule add" sets one\n';
  const lines = views.map((v) => {
    const s = v.schedule;
    const next = v.nextRunAt === null ? 'no next run' : `next ${iso(v.nextRunAt)}`;
    const last =
      v.state.lastRunAt === null ? 'never run' : `last ${v.state.lastOutcome} ${iso(v.state.lastRunAt)}`;
    const backoff = v.backingOff
      ? `, backing off (failed runs in a row: ${v.state.failures}) until ${iso(v.state.backoffUntil!)}`
      : '';
    const dead = v.dead ? ' [dead-letter]' : '';
    const why = v.state.lastError ? `: ${v.state.lastError}` : '';
    return `${s.id}  ${describeTarget(s.target)}  ${describeRule(s.rule)}  ${next}, ${last}${backoff}${dead}${why}`;
  });
  return `${lines.join('\n')}\n`;
}

export function runsText(runs: ScheduleRun[]): string {
  if (runs.length === 0) return 'no schedule is due\n';
  return runs
    .map((r) => {
      const head = `${r.id} ${r.outcome}: ${r.series.length} series${r.error ? `; ${r.error}` : ''}`;
      const state = r.state.backoffUntil
        ? `\n  backing off until ${iso(r.state.backoffUntil)} (failed runs in a row: ${r.state.failures})`
        : '';
      return `${head}${state}\n`;
    })
    .join('');
}

export function deadLettersText(letters: DeadLetter[]): string {
  if (letters.length === 0) return 'dead-letter list is empty\n';
  return letters
    .map((l) => {
      const what = l.kind === 'parked' ? `parked ranges: ${l.count}` : `failed runs in a row: ${l.count}`;
      const perm = l.permanent ? ' (refused for good)' : '';
      return `${l.kind} ${l.id} ${l.series.join(',') || '-'}: ${what}${perm}; ${l.reason}\n`;
    })
    .join('');
}

export function retriesText(results: RetryResult[]): string {
  if (results.length === 0) return 'nothing to retry: the dead-letter list is empty\n';
  return results.map((r) => `${r.kind} ${r.id} ${r.outcome}${r.error ? `: ${r.error}` : ''}\n`).join('');
}
