import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { z } from 'zod';
import {
  type Attempt,
  AttemptSchema,
  BackfillRequestSchema,
  JobSchema,
} from '../../../../src-shared/domain/job';
import {
  isOpen,
  type JobFile,
  JobFileSchema,
  jobFilePath,
  jobIds,
  jobsDir,
  ownerGone,
  readJobFile,
  writeJobFile,
} from '../../catalog/index';
import { backfillJobView } from './job-view';

/** A backfill's resumable state: the job as it stands and the request to re-plan it. */
const ResumeSchema = z.object({ job: JobSchema, request: BackfillRequestSchema });

/** A backfill job file, as the engine works with it. */
export const StoredJobSchema = ResumeSchema.extend({
  /** Process running it; a running job whose process is gone was interrupted and resumes. */
  ownerPid: z.number().int().nullable(),
});
export type StoredJob = z.infer<typeof StoredJobSchema>;

export function newJobId(now: number): string {
  return `bf-${new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
}

/** The backfill job a listed job file resumes (undefined for another kind's job, or one that cannot be read). */
export function backfillJobOf(file: JobFile): StoredJob['job'] | undefined {
  const parsed = ResumeSchema.safeParse(file.resume);
  return parsed.success ? parsed.data.job : undefined;
}

/** The backfill state of a job file; undefined for another kind's job. Files saved before the one format held it bare. */
function fromFile(raw: unknown): StoredJob | undefined {
  if (raw === undefined) return undefined;
  const legacy = StoredJobSchema.safeParse(raw);
  if (legacy.success) return legacy.data;
  const file = JobFileSchema.parse(raw);
  if (file.resume === undefined) return undefined;
  return { ...ResumeSchema.parse(file.resume), ownerPid: file.ownerPid };
}

/**
 * Backfill jobs in the catalog's one job format (CATALOG/jobs/ID.json: the view, the owner and the
 * resumable state), plus an append-only attempts log per job.
 */
export class JobStore {
  readonly dir: string;

  constructor(catalogDir: string) {
    this.dir = jobsDir(catalogDir);
  }

  async save(stored: StoredJob): Promise<void> {
    writeJobFile(this.dir, {
      view: backfillJobView(stored.job),
      ownerPid: stored.ownerPid,
      resume: { job: stored.job, request: stored.request },
    });
  }

  async load(id: string): Promise<StoredJob | undefined> {
    return fromFile(readJobFile(this.dir, id));
  }

  /** Every readable backfill job, newest first; unreadable files are skipped (a crash leaves only .tmp files). */
  async list(): Promise<StoredJob[]> {
    const jobs: StoredJob[] = [];
    for (const id of jobIds(this.dir)) {
      const s = await this.load(id).catch(() => undefined);
      if (s) jobs.push(s);
    }
    return jobs.sort((a, b) => b.job.createdAt - a.job.createdAt);
  }

  /** Asks whichever process runs the job to stop (it checks between requests). */
  async requestCancel(id: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(jobFilePath(this.dir, id, '.cancel'), String(Date.now()));
  }

  cancelRequested(id: string): boolean {
    return existsSync(jobFilePath(this.dir, id, '.cancel'));
  }

  async clearCancel(id: string): Promise<void> {
    await fs.rm(jobFilePath(this.dir, id, '.cancel'), { force: true });
  }

  /** Every attempt of a job's log, oldest first; none when it has no log. */
  async readAttempts(id: string): Promise<Attempt[]> {
    let text: string;
    try {
      text = await fs.readFile(jobFilePath(this.dir, id, '.attempts.jsonl'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: Attempt[] = [];
    // A line cut by a crash mid-append is not an attempt.
    for (const line of text.split('\n')) {
      const parsed = line ? AttemptSchema.safeParse(safeJson(line)) : undefined;
      if (parsed?.success) out.push(parsed.data);
    }
    return out;
  }

  async appendAttempts(id: string, attempts: Attempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.appendFile(
      jobFilePath(this.dir, id, '.attempts.jsonl'),
      attempts.map((a) => JSON.stringify(a)).join('\n') + '\n',
    );
  }
}

/** Unfinished and not being run by a live process: left by a crash or a kill. */
export function isInterrupted(s: StoredJob): boolean {
  return isOpen(s.job.state) && ownerGone(s.ownerPid);
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
