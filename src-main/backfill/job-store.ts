import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type Attempt, BackfillRequestSchema, JobSchema } from '../../src-shared/domain/job';
import { pidAlive } from '../pid-alive';

/** What CATALOG/jobs/ID.json holds: the job as shown, the request to re-plan it, and its runner. */
export const StoredJobSchema = z.object({
  job: JobSchema,
  request: BackfillRequestSchema,
  /** Process running it; a running job whose process is gone was interrupted and resumes. */
  ownerPid: z.number().int().nullable(),
});
export type StoredJob = z.infer<typeof StoredJobSchema>;

export const JOBS_DIR = 'jobs';

export function newJobId(now: number): string {
  return `bf-${new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
}

/** One JSON file per job, written atomically (temp file + rename), plus an append-only attempts log. */
export class JobStore {
  readonly dir: string;

  constructor(catalogDir: string) {
    this.dir = path.join(catalogDir, JOBS_DIR);
  }

  private file(id: string): string {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw new Error(`job id "${id}" is not valid`);
    return path.join(this.dir, `${id}.json`);
  }

  async save(stored: StoredJob): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const target = this.file(stored.job.id);
    const tmp = `${target}.${process.pid}.${randomUUID().slice(0, 6)}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(stored, null, 1)}\n`);
    await fs.rename(tmp, target);
  }

  async load(id: string): Promise<StoredJob | undefined> {
    try {
      return StoredJobSchema.parse(JSON.parse(await fs.readFile(this.file(id), 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Every readable job, newest first; unreadable files are skipped (a crash leaves only .tmp files). */
  async list(): Promise<StoredJob[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const jobs: StoredJob[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const s = await this.load(n.slice(0, -5)).catch(() => undefined);
      if (s) jobs.push(s);
    }
    return jobs.sort((a, b) => b.job.createdAt - a.job.createdAt);
  }

  /** Asks whichever process runs the job to stop (it checks between requests). */
  async requestCancel(id: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(`${this.file(id).slice(0, -5)}.cancel`, String(Date.now()));
  }

  cancelRequested(id: string): boolean {
    return existsSync(`${this.file(id).slice(0, -5)}.cancel`);
  }

  async clearCancel(id: string): Promise<void> {
    await fs.rm(`${this.file(id).slice(0, -5)}.cancel`, { force: true });
  }

  async appendAttempts(id: string, attempts: Attempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.appendFile(
      path.join(this.dir, `${id}.attempts.jsonl`),
      attempts.map((a) => JSON.stringify(a)).join('\n') + '\n',
    );
  }
}

/** Unfinished and not being run by a live process: left by a crash or a kill. */
export function isInterrupted(s: StoredJob): boolean {
  if (s.job.state !== 'running' && s.job.state !== 'queued') return false;
  if (s.ownerPid === null) return true;
  return s.ownerPid !== process.pid && !pidAlive(s.ownerPid);
}
