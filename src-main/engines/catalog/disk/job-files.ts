import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type JobView, JobViewSchema } from '../../../../src-shared/domain/job-view';
import { BarcatError } from '../../../plumbing/errors';
import { catalogPath } from '../../../plumbing/inside';
import { pidAlive } from '../../../plumbing/pid-alive';
import { writeFileAtomicSync } from './fsutil';

/** Every job of every kind is one file in its catalog: CATALOG/jobs/ID.json. */
export const JOBS_DIR = 'jobs';

/** Finished jobs a catalog keeps; older ones are pruned by count (parked ones stay: they can be retried). */
const KEEP_FINISHED = 50;

const INTERRUPTED_MESSAGE = 'interrupted: the app stopped while this job ran; start it again';

/** The one format of a job file, whatever the kind. */
export const JobFileSchema = z.object({
  /** The job as the Jobs panel and `barcat jobs` show it. */
  view: JobViewSchema,
  /** Process running it; null once it ended. A running job whose process is gone was interrupted. */
  ownerPid: z.number().int().nullable(),
  /** What the kind needs to resume the job after a crash (backfill); absent for kinds that start over. */
  resume: z.unknown().optional(),
});
export type JobFile = z.infer<typeof JobFileSchema>;

/** CATALOG/jobs, refused (CORRUPT) when it leads out of the catalog. */
export function jobsDir(catalogDir: string): string {
  return catalogPath(catalogDir, JOBS_DIR);
}

/** Checked again before each read, write or delete: the folder may have been replaced by a link since. */
function checked(dir: string): string {
  return jobsDir(path.dirname(dir));
}

/** The file of a job; an id that is not a plain file name is refused (ids come from stored content). */
export function jobFilePath(dir: string, id: string, ext = '.json'): string {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(id))
    throw new BarcatError(
      'USAGE',
      `"${id}" is not a job id (letters, digits, - and _ only); "barcat jobs" lists them`,
    );
  return path.join(dir, `${id}${ext}`);
}

/** Written atomically (the catalog's temp file + fsync + rename): a crash leaves the old file or the new one. */
export function writeJobFile(dir: string, file: JobFile): void {
  writeFileAtomicSync(jobFilePath(checked(dir), file.view.id), `${JSON.stringify(file, null, 1)}\n`);
}

/** The parsed file, undefined when absent; a file in another format is an error naming it. */
export function readJobFile(dir: string, id: string): unknown {
  try {
    return JSON.parse(readFileSync(jobFilePath(checked(dir), id), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Ids of the job files in a catalog (temp files a crash left are not jobs). */
export function jobIds(dir: string): string[] {
  const checkedDir = checked(dir);
  let names: string[];
  try {
    names = readdirSync(checkedDir);
  } catch {
    return [];
  }
  return names.filter((n) => /^[A-Za-z0-9_-]{1,80}\.json$/.test(n)).map((n) => n.slice(0, -5));
}

/** Every readable job file of the one format; unreadable or older-format files are skipped. */
export function listJobFiles(dir: string): JobFile[] {
  const out: JobFile[] = [];
  for (const id of jobIds(dir)) {
    const parsed = JobFileSchema.safeParse(safeRead(dir, id));
    if (parsed.success && parsed.data.view.id === id) out.push(parsed.data);
  }
  return out.sort((a, b) => b.view.createdAt - a.view.createdAt);
}

function safeRead(dir: string, id: string): unknown {
  try {
    return readJobFile(dir, id);
  } catch {
    return undefined;
  }
}

export function isOpen(state: JobView['state']): boolean {
  return state === 'running' || state === 'queued';
}

/** Its process is gone (or unknown): nobody will finish it. Another live process may still run it. */
export function ownerGone(ownerPid: number | null): boolean {
  return ownerPid === null || (ownerPid !== process.pid && !pidAlive(ownerPid));
}

/** The view of a job left open by a process that died: failed, saying so. */
export function interruptedView(view: JobView): JobView {
  return { ...view, state: 'failed', etaMs: null, message: INTERRUPTED_MESSAGE };
}

/** The job as it is to be shown: one left open by a process that died is interrupted. */
export function shownView(f: JobFile): JobView {
  return isOpen(f.view.state) && ownerGone(f.ownerPid) ? interruptedView(f.view) : f.view;
}

/**
 * Removes the oldest finished jobs beyond `keep` (their file, attempts log and cancel marker);
 * parked jobs stay, they are still retryable. Returns the ids removed.
 */
export function pruneJobFiles(dir: string, keep = KEEP_FINISHED): string[] {
  checked(dir);
  const finished = listJobFiles(dir).filter((f) => !isOpen(f.view.state) && f.view.state !== 'parked');
  const old = finished.slice(keep);
  for (const f of old)
    for (const ext of ['.json', '.attempts.jsonl', '.cancel'])
      rmSync(jobFilePath(dir, f.view.id, ext), { force: true });
  return old.map((f) => f.view.id);
}

/** A series id standing alone in a text (not part of a longer id). */
function idPattern(id: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_.-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_.-])`, 'g');
}

function swapId(v: unknown, from: RegExp, to: string): unknown {
  if (typeof v === 'string') return v.replace(from, to);
  if (Array.isArray(v)) return v.map((x) => swapId(x, from, to));
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swapId(x, from, to)]));
  return v;
}

/**
 * After a rename: job files naming the series by its old id name the new one, in their view and in
 * their resumable state (a parked backfill retried later writes to the renamed series, never
 * recreating the old one). Returns the ids of the jobs rewritten; idempotent.
 */
export function renameSeriesInJobFiles(dir: string, from: string, to: string): string[] {
  const changed: string[] = [];
  const pattern = idPattern(from);
  for (const id of jobIds(dir)) {
    const raw = safeRead(dir, id);
    if (raw === undefined) continue;
    const text = JSON.stringify(raw);
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    writeFileAtomicSync(
      jobFilePath(checked(dir), id),
      `${JSON.stringify(swapId(raw, pattern, to), null, 1)}\n`,
    );
    changed.push(id);
  }
  return changed;
}
