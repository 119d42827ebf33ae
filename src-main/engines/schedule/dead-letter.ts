// The dead-letter list: failures that repeat. A backfill's parked ranges already are failures that
// exhausted their retries or were refused for good (permanent); a schedule that failed
// DEAD_AFTER_FAILURES runs in a row joins them. Retrying re-runs exactly these.
import { z } from 'zod';
import type { Job } from '../../../src-shared/domain/job';
import { DEAD_AFTER_FAILURES, type SharedSettings, stateFor } from '../../../src-shared/domain/schedule';
import type { BackfillService } from '../backfill/jobs/service';
import { type RunDueDeps, runDue } from './run-due';
import { readScheduleStates } from './state-file';

export const DeadLetterSchema = z.object({
  kind: z.enum(['parked', 'schedule']),
  /** The backfill job id, or the schedule id. */
  id: z.string(),
  series: z.array(z.string()),
  /** The last reason, as the provider or the update said it. */
  reason: z.string(),
  /** Parked ranges, or failed runs in a row. */
  count: z.number().int(),
  /** Every parked range was refused for good (a retry would only repeat it unless something changed). */
  permanent: z.boolean(),
  at: z.number().int(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

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
  svc: BackfillService,
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

export interface RetryResult {
  id: string;
  kind: DeadLetter['kind'];
  /** The job's state or the schedule run's outcome after the retry. */
  outcome: string;
  /** What still fails; null when the retry cleared it. */
  error: string | null;
}

/**
 * Retries every dead letter now: each parked job's ranges (the same job, awaited), then each dead
 * schedule once, back-off ignored. What fails again stays in the list.
 */
export async function retryDeadLetters(
  letters: DeadLetter[],
  svc: BackfillService,
  schedules: RunDueDeps,
): Promise<RetryResult[]> {
  const out: RetryResult[] = [];
  for (const l of letters.filter((x) => x.kind === 'parked')) {
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
