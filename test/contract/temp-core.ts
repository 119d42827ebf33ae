import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type Core, type CoreOptions, createCore } from '../../src-main/app/create-core';
import type { JobView } from '../../src-shared/contract';
import { jobEnded } from '../helpers/job-end';

/**
 * A core on a fresh catalog in a temp folder for each test (closed and removed after it); `use`
 * receives the folder and the core. Returns `call`, which dispatches and unwraps the Result.
 */
export function tempCore(
  prefix: string,
  use: (dir: string, core: Core) => void,
  opts: Pick<CoreOptions, 'now' | 'serveMetrics' | 'uploadDir' | 'exportDir'> = {},
): <T>(name: string, input?: unknown) => Promise<T> {
  let current: { dir: string; core: Core } | undefined;
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    current = {
      dir,
      core: await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: dir, ...opts }),
    };
    use(current.dir, current.core);
  });
  afterEach(async () => {
    await current?.core.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
  });
  return async <T>(name: string, input: unknown = {}): Promise<T> => {
    const r = await current!.core.dispatch(name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
}

/** Polls listJobs until the job has ended; returns it as listed. */
export async function finishedJob(
  call: <T>(name: string, input?: unknown) => Promise<T>,
  jobId: string,
): Promise<JobView> {
  return jobEnded(() => call<JobView[]>('listJobs'), jobId);
}
