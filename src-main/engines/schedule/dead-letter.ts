// The dead-letter list: failures that repeat. A backfill's parked ranges already are failures that
// exhausted their retries or were refused for good (permanent); a schedule that failed
// DEAD_AFTER_FAILURES runs in a row joins them. Retrying re-runs exactly these.
import type { Job } from '../../../src-shared/domain/job';
import {
  DEAD_AFTER_FAILURES,
  type DeadLetter,
  type RetryResult,
  type SharedSettings,
  stateFor,
} from '../../../src-shared/domain/job-kinds/schedule';
import type { BackfillService } from '../backfill/jobs/service';
import { type RunDueDeps, runDue } from './run-due';
import { readScheduleStates } from './state-file';

/** What the dead-letter list uses of the backfill service. */
export type DeadLetterService = Pick<BackfillService, 'list' | 'retryParked' | 'wait'>;

function parkedLetter(job: Job): DeadLetter {
  const last = job.parked.reduce((a, b) => (b.at > a.at ? b : a));
  return {
    kind: 'parked',
    id: job.id,
    series: [job.series],
    reason: last.error,
    count: job.parked.length,
    permanent: job.parked.every((p) => p.permanent === true),
    at: last.at,
  };
}

/** Failing schedules and parked backfill jobs. */
export async function deadLetters(
  catalogDir: string,
  svc: DeadLetterService,
  settings: SharedSettings,
): Promise<DeadLetter[]> {
  const parked = (await svc.list())
    .filter((j) => j.parked.length > 0 && j.state !== 'running' && j.state !== 'queued')
    .map(parkedLetter);
  const states = await readScheduleStates(catalogDir);
  const schedules: DeadLetter[] = settings.schedules.flatMap((s) => {
    const st = stateFor(states, s);
    if (st.failures < DEAD_AFTER_FAILURES) return [];
    const series = 'series' in s.target ? [s.target.series] : [];
    return [
      {
        kind: 'schedule' as const,
        id: s.id,
        series,
        reason: st.lastError ?? 'failed',
        count: st.failures,
        permanent: false,
        at: st.lastRunAt ?? 0,
      },
    ];
  });
  // Failing schedules first (they sum up what their parked jobs say), then parked jobs, newest first.
  return [...schedules, ...parked.sort((a, b) => b.at - a.at)];
}

/**
 * Retries every dead letter now: each parked job's ranges (the same job, awaited; ranges refused for
 * good are not sent again), then each dead schedule once, back-off ignored. What fails again stays.
 */
export async function retryDeadLetters(
  letters: DeadLetter[],
  svc: DeadLetterService,
  schedules: RunDueDeps,
): Promise<RetryResult[]> {
  const out: RetryResult[] = [];
  for (const l of letters.filter((x) => x.kind === 'parked')) {
    // The backfill never sends a range the source refused for good again: it needs another symbol or provider.
    if (l.permanent) {
      out.push({ id: l.id, kind: 'parked', outcome: 'not retried', error: `refused for good: ${l.reason}` });
      continue;
    }
    const job = await svc.wait((await svc.retryParked(l.id)).id);
    const stillParked = job.parked.length > 0 ? job.parked.at(-1)!.error : null;
    out.push({
      id: l.id,
      kind: 'parked',
      outcome: job.state,
      error: stillParked ?? job.summary?.message ?? null,
    });
  }
  const ids = letters.filter((x) => x.kind === 'schedule').map((x) => x.id);
  if (ids.length > 0)
    for (const r of await runDue(schedules, ids))
      out.push({ id: r.id, kind: 'schedule', outcome: r.outcome, error: r.error });
  return out;
}
