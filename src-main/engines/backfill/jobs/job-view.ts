import type { JobView } from '../../../../src-shared/contract';
import type { Job, JobSummary } from '../../../../src-shared/domain/job';
import type { JobNote } from '../../../../src-shared/domain/job-notes';

/** Duplicates the provider answered, as a note the panel and `barcat backfill` word; null when none. */
export function duplicatesNote(s: JobSummary | null | undefined): JobNote | null {
  if (!s?.duplicatesDropped) return null;
  return { reason: 'duplicates-dropped', count: s.duplicatesDropped, firstTs: s.firstDuplicateTs ?? null };
}

/** The backfill engine's job as the jobs panel shows it. */
export function backfillJobView(job: Job): JobView {
  // The panel offers a retry for these: what the source refused for good is not counted.
  const parked = job.parked.filter((p) => !p.permanent).length;
  const written = job.progress.barsWritten.toLocaleString('en-US');
  const duplicates = duplicatesNote(job.summary);
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
      job.summary?.message ??
      (job.state === 'running' || job.state === 'queued' ? null : `${written} bars written`),
    ...(duplicates ? { notes: [duplicates] } : {}),
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
