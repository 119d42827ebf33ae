import type { JobView } from '../../../../src-shared/contract';
import type { Job, JobSummary } from '../../../../src-shared/domain/job';

/** Duplicates the provider answered, in words (the panel and `barcat backfill`); null when none. */
export function duplicatesText(s: JobSummary | null | undefined): string | null {
  if (!s?.duplicatesDropped) return null;
  const first =
    s.firstDuplicateTs === undefined ? '' : `, first at ${new Date(s.firstDuplicateTs).toISOString()}`;
  return `${s.duplicatesDropped} duplicate bar(s) dropped: the provider answered an open time more than once (the first answer kept${first})`;
}

/** The backfill engine's job as the jobs panel shows it. */
export function backfillJobView(job: Job): JobView {
  // The panel offers a retry for these: what the source refused for good is not counted.
  const parked = job.parked.filter((p) => !p.permanent).length;
  const written = job.progress.barsWritten.toLocaleString('en-US');
  return {
    id: job.id,
    kind: 'backfill',
    title: `Backfill ${job.series}${job.provider ? ` from ${job.provider}` : ''}`,
    state: job.state,
    createdAt: job.createdAt,
    finishedAt: job.endedAt,
    done: job.progress.requestsDone,
    total: job.progress.requestsTotal || null,
    unit: 'requests',
    ratePerSec: job.progress.rate,
    etaMs: job.progress.etaMs,
    message:
      [
        job.summary?.message ??
          (job.state === 'running' || job.state === 'queued' ? null : `${written} bars written`),
        duplicatesText(job.summary),
      ]
        .filter((m) => m !== null)
        .join('; ') || null,
    problems: job.parked.map(
      (p) =>
        `${new Date(p.range.from).toISOString()} → ${new Date(p.range.to).toISOString()}: ${p.error}${p.permanent ? ' (refused for good: not retried)' : ''}`,
    ),
    parked,
    seriesIds: [job.series],
    // Each HTTP attempt is the backfill's heartbeat.
    heartbeatAt: Math.max(job.startedAt ?? job.createdAt, ...job.attempts.map((a) => a.at)),
  };
}
