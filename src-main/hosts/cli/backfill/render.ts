import type { JobView } from '../../../../src-shared/contract';
import type { Job, JobProgress } from '../../../../src-shared/domain/job';
import { jobNoteText } from '../../../../src-shared/domain/job-notes';
import { duplicatesNote } from '../../../engines/backfill/jobs/job-view';

const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z'));

/** One line that redraws itself on a terminal. */
export function progressLine(p: JobProgress): string {
  const width = 24;
  const share = p.requestsTotal > 0 ? Math.min(1, p.requestsDone / p.requestsTotal) : 0;
  const filled = Math.round(share * width);
  const rate = p.rate === null ? '' : `, ${p.rate.toFixed(1)} req/s`;
  const eta = p.etaMs === null ? '' : `, ETA ${Math.ceil(p.etaMs / 1000)} s`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.requestsDone}/${p.requestsTotal} requests, ${p.barsWritten} bars${rate}${eta}`;
}

export function summaryText(job: Job): string {
  const s = job.summary;
  const lines = [
    `job ${job.id} ${job.state}: ${job.series} from ${job.provider}, ${iso(job.range.from)} .. ${iso(job.range.to)}`,
    `  requests ${s?.requests ?? 0}, retries ${s?.retries ?? 0}, bars written ${job.progress.barsWritten}`,
    `  checked-empty ranges ${s?.checkedEmpty.length ?? 0}${(s?.checkedEmpty ?? []).map((r) => `\n    ${iso(r.from)} .. ${iso(r.to)} (no data at source)`).join('')}`,
    `  parked failures ${job.parked.length}${job.parked
      .slice(0, 10)
      .map((p) => `\n    ${iso(p.range.from)} .. ${iso(p.range.to)}: ${p.error}`)
      .join('')}${job.parked.length > 10 ? `\n    ... and ${job.parked.length - 10} more` : ''}`,
  ];
  if (s?.skippedEmpty)
    lines.push(
      `  rows without prices skipped ${s.skippedEmpty} (the provider sent nulls; nothing stored for them)`,
    );
  const duplicates = duplicatesNote(s);
  if (duplicates) lines.push(`  ${jobNoteText(duplicates) ?? ''}`);
  // Yahoo's chart API has no contract: say so wherever its bars arrive.
  if (job.provider === 'yahoo')
    lines.push(
      '  Yahoo Finance chart API is unofficial: no key, no contract; it may change or block without notice',
    );
  if (s?.message && job.state !== 'done') lines.push(`  ${s.message}`);
  return `${lines.join('\n')}\n`;
}

/** `barcat jobs`: one line per job of any kind, newest first. */
export function jobsTable(jobs: JobView[]): string {
  if (jobs.length === 0) return 'no jobs\n';
  const rows = jobs.map((j) => [
    j.id,
    j.kind,
    j.stalled ? `${j.state} (stalled)` : j.state,
    `${j.done}${j.total === null ? '' : `/${j.total}`} ${j.unit}`,
    String(j.parked),
    iso(j.createdAt),
    j.title,
  ]);
  const head = ['ID', 'KIND', 'STATE', 'PROGRESS', 'PARKED', 'CREATED', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[fmt(head), ...rows.map(fmt)].join('\n')}\n`;
}

/** Exit code for a finished job: 0 done, 3 provider/connection failures, 2 cancelled. */
export function exitCodeOf(job: Job): number {
  if (job.state === 'done') return 0;
  if (job.state === 'cancelled') return 2;
  return 3;
}
